"""What a payment does to the items it pays: tolerance, kind of match, write-off.

A payment *equals* an open amount when the two differ by at most the tolerance: the
larger of an absolute amount (bank charges, a forgotten cent) and a percentage of the
open amount. Matching, the manual match and the booking on confirm all decide with
these functions, so a payment the workbench calls "exact" is booked as settled.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from clearhouse.errors import ClearhouseError
from clearhouse.payments.types import EXACT, MULTIPLE, OVERPAYMENT, PARTIAL

MAX_TOLERANCE = Decimal("10.00")
MAX_TOLERANCE_PERCENT = Decimal(5)
_CENT = Decimal("0.01")


def _decimal(value):
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


class ToleranceError(ClearhouseError, ValueError):
    """A tolerance out of its bounds; ``params["maximum"]`` is the bound."""

    code = "tolerance_invalid"


@dataclass(frozen=True)
class Tolerance:
    """How far a payment may be off and still settle an item in full.

    ``amount`` (0 to ``MAX_TOLERANCE``) in the payment's currency, ``percent`` (0 to
    ``MAX_TOLERANCE_PERCENT``) of the open amount; the larger one applies.
    """

    amount: Decimal = Decimal(0)
    percent: Decimal = Decimal(0)

    def __post_init__(self):
        amount = _decimal(self.amount)
        percent = _decimal(self.percent)
        if amount is None or not 0 <= amount <= MAX_TOLERANCE:
            raise ToleranceError(
                f"tolerance must be between 0 and {MAX_TOLERANCE}, not {self.amount}",
                code="tolerance_amount",
                maximum=str(MAX_TOLERANCE),
            )
        if percent is None or not 0 <= percent <= MAX_TOLERANCE_PERCENT:
            raise ToleranceError(
                f"tolerance percentage must be between 0 and {MAX_TOLERANCE_PERCENT}, "
                f"not {self.percent}",
                code="tolerance_percent",
                maximum=str(MAX_TOLERANCE_PERCENT),
            )
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "percent", percent)

    def accepts(self, paid, open_amount):
        """Whether ``paid`` settles ``open_amount`` in full."""
        open_amount = Decimal(open_amount)
        difference = abs(Decimal(paid) - open_amount)
        return difference <= self.amount or difference * 100 <= self.percent * open_amount

    def window(self, paid):
        """``(low, high)``: the open amounts, in whole cents, that ``paid`` settles.

        Exactly the amounts ``accepts`` takes: ``paid - open <= percent * open`` solved
        for ``open``, so an index can look the range up instead of testing every item.
        """
        paid = Decimal(paid)
        low = paid - self.amount
        high = paid + self.amount
        if self.percent and paid > 0:
            low = min(low, (paid * 100 / (100 + self.percent)).quantize(_CENT, ROUND_CEILING))
            high = max(high, (paid * 100 / (100 - self.percent)).quantize(_CENT, ROUND_FLOOR))
        return low, high


NO_TOLERANCE = Tolerance()


def as_tolerance(value):
    """A ``Tolerance`` from one, or from an absolute amount (the older calling style)."""
    if isinstance(value, Tolerance):
        return value
    return Tolerance(amount=value if value is not None else Decimal(0))


def match_kind(paid, open_amounts, tolerance=NO_TOLERANCE):
    """``exact``/``multiple`` when ``paid`` settles the items, else ``partial``/``overpayment``."""
    amounts = [Decimal(amount) for amount in open_amounts]
    if not amounts:
        raise ValueError("a match needs at least one open item")
    total = sum(amounts)
    if as_tolerance(tolerance).accepts(paid, total):
        return MULTIPLE if len(amounts) > 1 else EXACT
    return PARTIAL if Decimal(paid) < total else OVERPAYMENT


def write_off(paid, open_total, tolerance=NO_TOLERANCE):
    """The difference to book off when ``paid`` settles ``open_total`` in full, else 0.

    Positive when the customer paid less (an expense), negative when more (an income);
    0 for an exact payment and for one outside the tolerance (a partial payment or an
    overpayment stays open on the customer's account).
    """
    paid, open_total = Decimal(paid), Decimal(open_total)
    if paid == open_total or not as_tolerance(tolerance).accepts(paid, open_total):
        return Decimal(0)
    return open_total - paid
