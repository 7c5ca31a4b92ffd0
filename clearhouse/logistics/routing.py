"""Which logistics partner ships which lines of an order.

Rules are tried in ``sequence`` order, like the routing rules a service centre keeps in
Odoo. Each rule takes every still unassigned line that meets all of its conditions (an
empty condition always holds); lines taken by rules of the same partner become one
delivery, so an order whose products go to different partners is split. Lines no rule
takes come back with the reason of the rule that came closest, because "not routable"
alone sends the user hunting through every rule.

Conditions on the order (campaign, country, Packstation) gate a rule as a whole;
conditions on the product (product codes, categories, piece dimensions) select lines;
weight limits apply to the partner's whole delivery, lines of earlier rules included,
because the partner receives one delivery and its limits are per shipment, not per
product.
"""

from dataclasses import dataclass, field

# DHL Packstation compartments: the largest is 60 x 35 x 35 cm, parcels up to 31.5 kg.
PACKSTATION_MAX_DIMENSIONS_CM = (60.0, 35.0, 35.0)
PACKSTATION_MAX_WEIGHT_KG = 31.5

# How far a rule got before it refused a line; the furthest refusal explains the line.
# What a rule is for (products) ranks below where it delivers (campaign, country): a
# mug to France is explained by "no rule serves FR", not by the bulky-goods rule.
_STAGES = (
    "product",
    "category",
    "campaign",
    "country",
    "packstation_not_supported",
    "too_large",
    "not_packstation_size",
    "packstation_too_large",
    "too_light",
    "too_heavy",
)
_RANK = {code: rank for rank, code in enumerate(_STAGES)}


@dataclass(frozen=True)
class ShipmentLine:
    """One order line as the warehouse ships it; weight and dimensions are per piece.

    ``category_ids`` holds the product category and all its parents, so that a rule on
    a parent category covers its children. ``key`` is the caller's id of the line (a
    move id), carried through untouched.
    """

    product_code: str
    quantity: int = 1
    weight_kg: float = 0.0
    length_cm: float = 0.0
    width_cm: float = 0.0
    height_cm: float = 0.0
    category_ids: tuple = ()
    key: object = None

    @property
    def total_weight_kg(self):
        return self.weight_kg * self.quantity

    @property
    def dimensions_cm(self):
        return (self.length_cm, self.width_cm, self.height_cm)


@dataclass(frozen=True)
class Shipment:
    """An order ready to ship: what routing needs to know, nothing else."""

    order_ref: str
    country: str  # ISO 3166-1 alpha-2
    lines: tuple  # of ShipmentLine
    campaign_code: str = ""
    is_packstation: bool = False


@dataclass(frozen=True)
class RoutingRule:
    """One routing rule; ``None`` or an empty tuple means "no condition".

    ``max_length_cm``/``max_width_cm``/``max_height_cm`` limit each piece, measured as
    carriers do: length is the longest side, height the shortest. ``fits_packstation``
    takes only pieces that fit a Packstation compartment (small parcels to one partner,
    bulky goods to another). ``packstation`` says whether
    the partner delivers to Packstations at all; orders for a Packstation only go to
    such partners, and only if the whole delivery fits one compartment.
    """

    sequence: int
    partner_code: str
    campaign_codes: tuple = ()
    product_codes: tuple = ()
    category_ids: tuple = ()
    countries: tuple = ()
    min_weight_kg: float | None = None
    max_weight_kg: float | None = None
    max_length_cm: float | None = None
    max_width_cm: float | None = None
    max_height_cm: float | None = None
    fits_packstation: bool = False
    packstation: bool = False
    name: str = ""

    def __post_init__(self):
        if not self.partner_code:
            raise ValueError(f"routing rule {self.sequence} has no partner code")
        low, high = self.min_weight_kg, self.max_weight_kg
        if low is not None and high is not None and low > high:
            raise ValueError(
                f"routing rule {self.sequence}: min_weight_kg {low} is above max_weight_kg {high}"
            )

    @property
    def label(self):
        return self.name or f"{self.sequence} ({self.partner_code})"


@dataclass(frozen=True)
class Delivery:
    """The lines one partner ships; ``lines`` are indexes into ``Shipment.lines``."""

    partner_code: str
    lines: tuple  # of int
    weight_kg: float
    rules: tuple  # sequences of the rules that contributed lines


@dataclass(frozen=True)
class Unroutable:
    """A line no rule takes; ``code`` selects the translated message in the addon."""

    line: int
    product_code: str
    code: str
    message: str
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RoutingResult:
    deliveries: tuple = ()  # of Delivery, in the order of the first rule that fed each
    unroutable: tuple = ()  # of Unroutable, by line

    @property
    def complete(self):
        return not self.unroutable


def route(shipment, rules, *, packstation_dimensions_cm=None, packstation_max_weight_kg=None):
    """Split a shipment into deliveries per partner; never raises for a routing miss."""
    station_dims = _limits(packstation_dimensions_cm or PACKSTATION_MAX_DIMENSIONS_CM)
    station_weight = (
        PACKSTATION_MAX_WEIGHT_KG
        if packstation_max_weight_kg is None
        else float(packstation_max_weight_kg)
    )
    lines = tuple(shipment.lines)
    for index, line in enumerate(lines):
        if line.quantity < 1 or min(line.weight_kg, *line.dimensions_cm) < 0:
            raise ValueError(
                f"order {shipment.order_ref}, line {index}: quantity must be at least 1 "
                "and weight and dimensions must not be negative"
            )
    country = (shipment.country or "").strip().upper()
    campaign = (shipment.campaign_code or "").strip()
    ordered = sorted(enumerate(rules), key=lambda item: (item[1].sequence, item[0]))

    assigned = {}  # line index -> partner code
    partners = {}  # partner code -> {"lines": [...], "weight": float, "rules": [...]}
    refusals = {}  # line index -> (rank, code, params, rule)
    for _position, rule in ordered:
        open_lines = [i for i in range(len(lines)) if i not in assigned]
        if not open_lines:
            break
        order_refusal = _order_refusal(rule, campaign, country, shipment.is_packstation)
        taken = []
        for index in open_lines:
            line = lines[index]
            refusal = (
                _selection_refusal(rule, line)
                or order_refusal
                or _size_refusal(rule, line, station_dims, shipment.is_packstation)
            )
            if refusal:
                _refuse(refusals, [index], rule, *refusal)
            else:
                taken.append(index)
        if not taken:
            continue
        current = partners.get(rule.partner_code)
        weight = (current["weight"] if current else 0.0) + sum(
            lines[i].total_weight_kg for i in taken
        )
        refusal = _weight_refusal(rule, weight, shipment.is_packstation, station_weight)
        if refusal:
            _refuse(refusals, taken, rule, *refusal)
            continue
        if current is None:
            current = partners[rule.partner_code] = {"lines": [], "weight": 0.0, "rules": []}
        current["lines"].extend(taken)
        current["weight"] = weight
        current["rules"].append(rule.sequence)
        for index in taken:
            assigned[index] = rule.partner_code

    deliveries = tuple(
        Delivery(
            partner_code=code,
            lines=tuple(sorted(data["lines"])),
            weight_kg=round(data["weight"], 6),
            rules=tuple(data["rules"]),
        )
        for code, data in partners.items()
    )
    unroutable = tuple(
        _unroutable(index, lines[index], refusals.get(index), shipment)
        for index in range(len(lines))
        if index not in assigned
    )
    return RoutingResult(deliveries=deliveries, unroutable=unroutable)


def _order_refusal(rule, campaign, country, is_packstation):
    if rule.campaign_codes and campaign not in rule.campaign_codes:
        return "campaign", {"campaign": campaign}
    if rule.countries and country not in {c.upper() for c in rule.countries}:
        return "country", {"country": country}
    if is_packstation and not rule.packstation:
        return "packstation_not_supported", {}
    return None


def _selection_refusal(rule, line):
    if rule.product_codes and line.product_code not in rule.product_codes:
        return "product", {}
    if rule.category_ids and not set(rule.category_ids) & set(line.category_ids):
        return "category", {}
    return None


def _size_refusal(rule, line, station_dims, is_packstation):
    dims = line.dimensions_cm
    limits = (rule.max_length_cm, rule.max_width_cm, rule.max_height_cm)
    if not _fits(dims, _limits(limits)):
        return "too_large", {"dimensions_cm": dims, "limits_cm": limits}
    if rule.fits_packstation and not _fits(dims, station_dims):
        return "not_packstation_size", {"dimensions_cm": dims, "limits_cm": station_dims}
    if is_packstation and not _fits(dims, station_dims):
        return "packstation_too_large", {"dimensions_cm": dims, "limits_cm": station_dims}
    return None


def _weight_refusal(rule, weight, is_packstation, station_weight):
    if rule.min_weight_kg is not None and weight < rule.min_weight_kg:
        return "too_light", {"weight_kg": round(weight, 3), "limit_kg": rule.min_weight_kg}
    if rule.max_weight_kg is not None and weight > rule.max_weight_kg:
        return "too_heavy", {"weight_kg": round(weight, 3), "limit_kg": rule.max_weight_kg}
    if is_packstation and weight > station_weight:
        return "too_heavy", {"weight_kg": round(weight, 3), "limit_kg": station_weight}
    return None


def _refuse(refusals, indexes, rule, code, params):
    rank = _RANK[code]
    for index in indexes:
        previous = refusals.get(index)
        if previous is None or rank > previous[0]:
            refusals[index] = (rank, code, params, rule)


def _limits(limits):
    """Limits as length, width, height; a missing one is no limit."""
    return tuple(float("inf") if not v else float(v) for v in limits)


def _fits(dimensions, limits):
    """Carriers measure the longest side as length and the shortest as height."""
    return all(
        d <= limit for d, limit in zip(sorted(dimensions, reverse=True), limits, strict=True)
    )


def _cm(values):
    """``60 x 35 x any cm``: a missing limit reads as "any"."""
    return " x ".join(f"{v:g}" if v and v != float("inf") else "any" for v in values) + " cm"


def _unroutable(index, line, refusal, shipment):
    product = line.product_code
    where = f"Line {index + 1} ({product}) of order {shipment.order_ref} cannot be routed"
    if refusal is None:
        return Unroutable(
            index, product, "unroutable_no_rule", f"{where}: no routing rule is configured."
        )
    _rank, code, params, rule = refusal
    params = {**params, "rule": rule.label, "partner": rule.partner_code}
    return Unroutable(
        index, product, f"unroutable_{code}", f"{where}: {_reason(code, params, rule)}.", params
    )


def _reason(code, params, rule):
    if code == "campaign":
        return f"no routing rule covers campaign {params['campaign'] or '(none)'}"
    if code == "country":
        return f"no routing rule serves the country {params['country'] or '(none)'}"
    if code == "packstation_not_supported":
        return "no partner that delivers to Packstations takes it"
    if code == "product":
        return "no routing rule covers the product"
    if code == "category":
        return "no routing rule covers the product's category"
    if code in ("too_light", "too_heavy"):
        weight, limit = params["weight_kg"], params["limit_kg"]
        if code == "too_light":
            return (
                f"the delivery would weigh {weight:g} kg, less than the {limit:g} kg "
                f"rule {rule.label} requires"
            )
        return (
            f"the delivery would weigh {weight:g} kg, more than the {limit:g} kg allowed "
            f"by rule {rule.label}"
        )
    size, limits = _cm(params["dimensions_cm"]), _cm(params["limits_cm"])
    if code == "too_large":
        return f"a piece measures {size}, more than the {limits} of rule {rule.label}"
    if code == "not_packstation_size":
        return (
            f"a piece measures {size} and does not fit a Packstation ({limits}), "
            f"as rule {rule.label} requires"
        )
    return f"a piece measures {size} and does not fit a Packstation compartment ({limits})"
