"""Value objects of payment matching, passed between the Odoo addon and the core.

Amounts are ``Decimal`` and dates ISO 8601 strings, so the addon can build them from
``search_read`` rows and the core never needs a record.
"""

from dataclasses import dataclass, field
from decimal import Decimal

ORDER = "order"
INVOICE = "invoice"
CANDIDATE_KINDS = (ORDER, INVOICE)
MIXED = "mixed"  # a proposal for orders and invoices together

EXACT = "exact"
PARTIAL = "partial"
OVERPAYMENT = "overpayment"
MULTIPLE = "multiple"
PROPOSAL_KINDS = (EXACT, PARTIAL, OVERPAYMENT, MULTIPLE)


@dataclass(frozen=True)
class StatementLine:
    """One booking of a bank or PayPal statement.

    ``transaction_id`` is the bank's own reference where it has a unique one, else a
    stable hash of the booking (see ``clearhouse.payments._common.stable_id``): importing
    the same file twice yields the same ids, which is how the addon refuses duplicates.
    ``amount`` is positive for incoming money. ``payer_*`` describe the counterparty: the
    payer of an incoming, the payee of an outgoing booking. ``line`` is the 1-based line
    of the booking in its file and ``source`` the zip member it came from ("" otherwise).
    ``fee`` is what PayPal kept from ``amount`` (negative when it returned a fee with a
    refund): the balance moved by ``amount - fee``. A line made by ``fees.with_fee_lines``
    books such a fee on its own; ``fee_for`` names the transaction it belongs to.
    """

    transaction_id: str
    date: str
    amount: Decimal
    currency: str
    remittance: str = ""
    payer_name: str = ""
    payer_iban: str = ""
    payer_bic: str = ""
    end_to_end_id: str = ""
    line: int | None = None
    source: str = ""
    value_date: str = ""
    account: str = ""  # our own account (IBAN, or bank code/account number in MT940)
    booking_text: str = ""  # the bank's description, e.g. "SEPA-GUTSCHRIFT"
    fee: Decimal = Decimal(0)  # PayPal: the fee kept from ``amount`` (gross)
    payer_email: str = ""  # PayPal
    fee_for: str = ""  # the transaction id whose fee this line books


@dataclass(frozen=True)
class Candidate:
    """An open sale order or customer invoice that a payment may settle.

    ``reference`` is what the customer was told to write ("SO04711", "INV/2026/00042");
    ``amount_open`` the amount still due; ``partner_ibans`` the bank accounts known for
    the customer (any spelling, spaces are ignored); ``date`` the order or invoice date.
    """

    kind: str
    id: int
    reference: str
    amount_open: Decimal
    currency: str = "EUR"
    partner_name: str = ""
    partner_ibans: tuple = ()
    date: str = ""
    partner_id: int | None = None


@dataclass(frozen=True)
class Proposal:
    """A suggested reconciliation of one statement line with one or more candidates.

    ``candidate_ids``, ``candidate_kinds`` and ``references`` are parallel tuples (an
    order and an invoice may share an id). ``evidence`` carries the same reasons as
    ``explanation`` as machine values (for translated messages and statistics), e.g.
    ``{"reference": "SO04711", "reference_match": "prefix", "amount": "exact",
    "name": 0.92, "iban": True, "date": "after"}``. ``ambiguous`` marks a proposal with an
    equally good rival; its score then stays below ``AUTO_CONFIRM_FLOOR``.
    """

    transaction_id: str
    candidate_ids: tuple
    kind: str
    score: int
    amount_matched: Decimal
    explanation: tuple = ()
    candidate_kinds: tuple = ()
    references: tuple = ()
    ambiguous: bool = False
    evidence: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def candidate_kind(self):
        """``order``, ``invoice`` or ``mixed``: what the proposal settles."""
        return candidate_kind(self.candidate_kinds)

    def ids_of(self, kind):
        """Ids of the proposed candidates of one kind, in proposal order."""
        return [
            cid
            for cid, ckind in zip(self.candidate_ids, self.candidate_kinds, strict=True)
            if ckind == kind
        ]


def candidate_kind(kinds):
    """``order`` or ``invoice`` when all ``kinds`` are that, ``mixed`` for both, else ""."""
    found = set(kinds)
    if len(found) == 1:
        return found.pop()
    return MIXED if found else ""


@dataclass
class ParseResult:
    """Lines of one statement file, and the records that could not be read.

    ``errors`` are ``PayloadError``s, one per unreadable booking; ``skipped`` counts
    bookings left out on purpose (pending, or a PayPal status other than completed);
    ``duplicates`` counts bookings that repeated an earlier one with the same bank
    reference (overlapping statements in one zip). ``format`` names what was read,
    e.g. ``camt.053.001.08``, ``mt940`` or the CSV profile.
    """

    format: str = ""
    lines: list = field(default_factory=list)  # of StatementLine
    errors: list = field(default_factory=list)  # of PayloadError
    skipped: int = 0
    duplicates: int = 0
    sources: list = field(default_factory=list)  # zip members read, in order
