"""Points arithmetic of a loyalty programme.

Points are earned per currency unit of net revenue, lines of excluded product categories earn
nothing, the highest multiplier whose period covers the purchase date applies, and the result
is rounded once per receipt or order (never per line, so that splitting a basket into lines
changes nothing). Returns earn negative points by the same rule; a reversal never takes back
more than was booked.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from clearhouse.errors import InputError

ROUNDING_MODES = {"down": ROUND_DOWN, "half_up": ROUND_HALF_UP}


@dataclass(frozen=True)
class Multiplier:
    """``factor`` for purchases from ``date_from`` to ``date_to`` (both included)."""

    date_from: date
    date_to: date
    factor: Decimal

    def covers(self, day):
        return self.date_from <= day <= self.date_to


@dataclass(frozen=True)
class PointsRule:
    """How a programme turns net revenue into points."""

    points_per_unit: Decimal = Decimal(1)
    excluded_categories: frozenset = field(default_factory=frozenset)
    multipliers: tuple = ()
    rounding: str = "down"

    def __post_init__(self):
        if self.rounding not in ROUNDING_MODES:
            raise InputError(
                f"Unknown rounding {self.rounding!r}", code="points_rounding", field="rounding"
            )
        if Decimal(self.points_per_unit) < 0:
            raise InputError(
                "Points per unit must not be negative",
                code="points_per_unit_negative",
                field="points_per_unit",
            )


@dataclass(frozen=True)
class Line:
    """One line of an order or receipt: net amount (negative for a returned item)."""

    net_amount: Decimal
    category: object = None


def multiplier_for(rule, day):
    """The highest factor of the multipliers covering ``day`` (1 when none does)."""
    factors = [Decimal(m.factor) for m in rule.multipliers if m.covers(day)]
    return max(factors, default=Decimal(1))


def eligible_revenue(lines, rule):
    """Net revenue of the lines whose category is not excluded."""
    return sum(
        (
            Decimal(str(line.net_amount))
            for line in lines
            if line.category not in rule.excluded_categories
        ),
        Decimal(0),
    )


def _round(value, rule):
    """Round towards zero symmetrically, so that a return mirrors its purchase."""
    mode = ROUNDING_MODES[rule.rounding]
    magnitude = abs(value).quantize(Decimal(1), rounding=mode)
    return int(magnitude) if value >= 0 else -int(magnitude)


def earn_points(lines, rule, day):
    """Points for a receipt or order on ``day``; negative when it is a net return."""
    revenue = eligible_revenue(lines, rule)
    return _round(revenue * Decimal(rule.points_per_unit) * multiplier_for(rule, day), rule)


def reversal_points(booked, original_net, returned_net):
    """Points to take back when ``returned_net`` of an order of ``original_net`` comes back.

    Proportional to the returned share, rounded up so that a full return takes back exactly
    what was booked, and never more than ``booked``. ``booked`` is what the ledger holds for
    the order (earned minus earlier reversals). Answers a number <= 0.
    """
    booked = int(booked)
    original = Decimal(str(original_net))
    returned = abs(Decimal(str(returned_net)))
    if booked <= 0 or original <= 0 or returned == 0:
        return 0
    if returned >= original:
        return -booked
    share = (Decimal(booked) * returned / original).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return -min(booked, int(share))


@dataclass(frozen=True)
class Conversion:
    """Result of converting a balance: vouchers (one per threshold step) and points used."""

    steps: int
    points_used: int
    voucher_value: Decimal

    @property
    def total_value(self):
        return self.voucher_value * self.steps


def convert_threshold(balance, threshold, voucher_value, max_steps=None):
    """One voucher of ``voucher_value`` per full ``threshold`` of ``balance`` points.

    The rest below the threshold stays on the account. ``max_steps`` caps the vouchers of
    one run (None: no cap).
    """
    threshold = int(threshold)
    if threshold <= 0:
        raise InputError(
            "The points threshold must be positive", code="points_threshold", field="threshold"
        )
    steps = max(int(balance), 0) // threshold
    if max_steps is not None:
        steps = min(steps, int(max_steps))
    return Conversion(steps, steps * threshold, Decimal(str(voucher_value)))
