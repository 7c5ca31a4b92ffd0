from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.errors import InputError
from clearhouse.loyalty.points import (
    Line,
    Multiplier,
    PointsRule,
    convert_threshold,
    earn_points,
    reversal_points,
)

DAY = date(2026, 11, 14)
DOUBLE_NOVEMBER = Multiplier(date(2026, 11, 1), date(2026, 11, 30), Decimal(2))
TRIPLE_WEEKEND = Multiplier(date(2026, 11, 14), date(2026, 11, 15), Decimal(3))


@pytest.mark.parametrize(
    "lines, rule, day, expected",
    [
        ([Line(Decimal("19.99"))], PointsRule(), DAY, 19),
        ([Line(Decimal("19.99"))], PointsRule(rounding="half_up"), DAY, 20),
        ([Line(Decimal("9.99")), Line(Decimal("0.02"))], PointsRule(), DAY, 10),
        ([Line(Decimal(50), "tobacco")], PointsRule(excluded_categories={"tobacco"}), DAY, 0),
        (
            [Line(Decimal(50), "tobacco"), Line(Decimal(30), "food")],
            PointsRule(excluded_categories={"tobacco"}),
            DAY,
            30,
        ),
        ([Line(Decimal(10))], PointsRule(points_per_unit=Decimal("0.5")), DAY, 5),
        ([Line(Decimal(10))], PointsRule(multipliers=(DOUBLE_NOVEMBER,)), DAY, 20),
        ([Line(Decimal(10))], PointsRule(multipliers=(DOUBLE_NOVEMBER,)), date(2026, 12, 1), 10),
        (
            [Line(Decimal(10))],
            PointsRule(multipliers=(DOUBLE_NOVEMBER, TRIPLE_WEEKEND)),
            DAY,
            30,
        ),
        ([Line(Decimal("-19.99"))], PointsRule(), DAY, -19),
        ([Line(Decimal("-19.50"))], PointsRule(rounding="half_up"), DAY, -20),
        ([], PointsRule(), DAY, 0),
    ],
)
def test_earn_points_table(lines, rule, day, expected):
    assert earn_points(lines, rule, day) == expected


def test_earn_points_rounds_once_per_receipt_not_per_line():
    lines = [Line(Decimal("0.60"))] * 5
    assert earn_points(lines, PointsRule(), DAY) == 3


def test_rule_refuses_unknown_rounding_and_negative_rate():
    with pytest.raises(InputError):
        PointsRule(rounding="up")
    with pytest.raises(InputError):
        PointsRule(points_per_unit=Decimal(-1))


@pytest.mark.parametrize(
    "booked, original, returned, expected",
    [
        (100, Decimal(100), Decimal(100), -100),
        (100, Decimal(100), Decimal(250), -100),
        (100, Decimal(100), Decimal(25), -25),
        (99, Decimal(100), Decimal(50), -50),  # 49.5 rounds half up
        (0, Decimal(100), Decimal(50), 0),
        (100, Decimal(100), Decimal(0), 0),
        (100, Decimal(100), Decimal(-40), -40),
    ],
)
def test_reversal_points_table(booked, original, returned, expected):
    assert reversal_points(booked, original, returned) == expected


@pytest.mark.parametrize(
    "balance, threshold, value, steps, used",
    [
        (499, 500, 5, 0, 0),
        (500, 500, 5, 1, 500),
        (1499, 500, 5, 2, 1000),
        (-20, 500, 5, 0, 0),
    ],
)
def test_convert_threshold_one_voucher_per_step(balance, threshold, value, steps, used):
    conversion = convert_threshold(balance, threshold, value)
    assert (conversion.steps, conversion.points_used) == (steps, used)
    assert conversion.total_value == Decimal(value) * steps


def test_convert_threshold_caps_and_refuses_zero_threshold():
    assert convert_threshold(5000, 500, 5, max_steps=3).steps == 3
    with pytest.raises(InputError):
        convert_threshold(5000, 0, 5)


amounts = st.decimals(min_value=-10000, max_value=10000, places=2)


@given(st.lists(amounts, max_size=20), st.sampled_from(["down", "half_up"]))
def test_return_of_a_basket_mirrors_its_purchase(values, rounding):
    rule = PointsRule(rounding=rounding, multipliers=(DOUBLE_NOVEMBER,))
    bought = [Line(v) for v in values]
    returned = [Line(-v) for v in values]
    assert earn_points(returned, rule, DAY) == -earn_points(bought, rule, DAY)


@given(
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=Decimal("0.01"), max_value=10**5, places=2),
    st.lists(st.decimals(min_value=0, max_value=10**5, places=2), max_size=6),
)
def test_reversals_never_take_back_more_than_booked(booked, original, returns):
    remaining = booked
    for returned in returns:
        remaining += reversal_points(remaining, original, returned)
        assert remaining >= 0


@given(st.integers(min_value=-(10**7), max_value=10**7), st.integers(min_value=1, max_value=10**5))
def test_conversion_leaves_less_than_one_threshold(balance, threshold):
    conversion = convert_threshold(balance, threshold, 5)
    rest = max(balance, 0) - conversion.points_used
    assert 0 <= rest < threshold
