"""Plain value objects passed between the Odoo addons and the core.

They carry primitives only, so the core can be tested without a database and the
addons can build them from ``search_read`` results without touching records.
"""

from dataclasses import dataclass, field

BLOCK = "block"
WARN = "warn"
SEVERITIES = (BLOCK, WARN)

INTAKE_CHANNELS = ("api", "file", "manual", "phone")


@dataclass(frozen=True)
class Customer:
    """Participant and delivery address as delivered by an intake channel."""

    firstname: str = ""
    lastname: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    street: str = ""
    street2: str = ""
    zip: str = ""
    city: str = ""
    state: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, upper case

    @property
    def name(self):
        return " ".join(p for p in (self.firstname, self.lastname) if p) or self.company


@dataclass(frozen=True)
class OrderLine:
    """A requested premium: ``sku`` is the campaign's premium code, ``size`` optional."""

    sku: str
    quantity: int = 1
    size: str = ""


@dataclass(frozen=True)
class OrderPayload:
    """One order after parsing (XML, CSV, RPC dict); not yet matched to products."""

    external_ref: str
    customer: Customer
    lines: tuple  # of OrderLine
    participant_number: str = ""
    declared_points: int | None = None
    note: str = ""
    order_date: str = ""  # ISO 8601 as received; the addon converts it


@dataclass(frozen=True)
class Issue:
    """A finding of a validation rule; never an exception.

    ``field`` names the order field (``phone``, ``zip``, ``street``, ``city``, ``country``,
    ``lines``, ``points``, ``order``); ``line`` is the 0-based line index when the issue
    concerns one line. ``code`` selects the translated message in the addon; ``message``
    is the English text for everyone else. ``suggestion`` is a value that would fix it.
    """

    rule: str
    code: str
    field: str
    message: str
    severity: str = BLOCK
    line: int | None = None
    suggestion: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RuleConfig:
    """One campaign rule as configured in Odoo: switch, severity and parameters."""

    rule: str
    active: bool = True
    severity: str = BLOCK
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class ResolvedLine:
    """An order line after the addon matched it against the campaign catalogue.

    ``in_catalogue`` False means the sku is unknown to the campaign. ``sizes`` are the
    sizes the premium comes in (empty: no sizes); ``size`` the chosen one or "".
    ``already_ordered`` counts the participant's earlier orders of this premium.
    """

    sku: str
    quantity: int = 1
    in_catalogue: bool = True
    points: int = 0
    sizes: tuple = ()
    size: str = ""
    max_per_participant: int = 0  # 0: no maximum
    already_ordered: int = 0


@dataclass(frozen=True)
class CampaignPolicy:
    """What the campaign allows; rules read their switches from ``rules``."""

    allowed_countries: tuple = ()  # empty: every country
    points_policy: str = "lte"  # "lte": points <= balance, "eq": points == balance
    rules: tuple = ()  # of RuleConfig


@dataclass(frozen=True)
class ValidationInput:
    """Everything the rule engine needs about one order."""

    customer: Customer
    lines: tuple  # of ResolvedLine
    declared_points: int | None = None
    # Signatures (see clearhouse.validation.rules.order_signature) of the
    # participant's other orders in the same campaign, for the duplicate rule.
    other_order_signatures: tuple = ()
