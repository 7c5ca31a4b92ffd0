"""Stock feedback: report scarce stock, every change while scarce, and the recovery once."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.shops import StockLevel, plan_stock_updates


def _plan(previous, current, minimums=None, default_minimum=5, **kwargs):
    levels = plan_stock_updates(previous, current, minimums or {}, default_minimum, **kwargs)
    return [(level.product_ref, level.quantity, level.stock_status) for level in levels]


CASES = [
    # name, previously reported, current, expected reports (minimum 5)
    ("plenty, never reported", {}, {"MUG": 40}, []),
    ("plenty, changes above minimum", {}, {"MUG": 39}, []),
    ("falls to the minimum", {}, {"MUG": 5}, [("MUG", 5, "instock")]),
    ("falls below the minimum", {}, {"MUG": 3}, [("MUG", 3, "instock")]),
    ("further change while below", {"MUG": 3}, {"MUG": 2}, [("MUG", 2, "instock")]),
    ("no change while below", {"MUG": 3}, {"MUG": 3}, []),
    ("sold out", {"MUG": 2}, {"MUG": 0}, [("MUG", 0, "outofstock")]),
    ("oversold counts as sold out", {"MUG": 2}, {"MUG": -3}, [("MUG", 0, "outofstock")]),
    ("still sold out", {"MUG": 0}, {"MUG": -1}, []),
    ("restocked from zero", {"MUG": 0}, {"MUG": 100}, [("MUG", 100, "instock")]),
    ("recovers above the minimum", {"MUG": 4}, {"MUG": 6}, [("MUG", 6, "instock")]),
    ("after the recovery, silence", {"MUG": 6}, {"MUG": 12}, []),
    ("back from above to below", {"MUG": 6}, {"MUG": 5}, [("MUG", 5, "instock")]),
    ("fractional quantities round down", {}, {"MUG": 4.9}, [("MUG", 4, "instock")]),
    ("unusable quantities are skipped", {}, {"MUG": None, "CAP": "3", "PEN": float("nan")}, []),
]


@pytest.mark.parametrize(
    ("name", "previous", "current", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_plan_stock_updates(name, previous, current, expected):
    assert _plan(previous, current) == expected, name


def test_per_product_minimums():
    current = {"MUG": 8, "CAP": 8}
    assert _plan({}, current, minimums={"MUG": 10}) == [("MUG", 8, "instock")]


def test_minimum_zero_reports_only_sold_out():
    assert _plan({}, {"MUG": 1, "CAP": 0}, default_minimum=0) == [("CAP", 0, "outofstock")]


def test_changes_within_a_batch_are_coalesced():
    changes = [("MUG", 4), ("CAP", 2), ("MUG", 3), ("MUG", 2), ("CAP", 9)]
    assert _plan({"CAP": 3}, changes) == [("MUG", 2, "instock"), ("CAP", 9, "instock")]


def test_a_dip_within_the_batch_that_ends_above_is_not_reported():
    assert _plan({}, [("MUG", 40), ("MUG", 1), ("MUG", 30)]) == []


def test_previous_may_be_stock_levels_and_parents_are_carried():
    previous = {"117": StockLevel("117", 2, parent_ref="95")}
    (level,) = plan_stock_updates(previous, {"117": 1}, {}, 5, parents={"117": "95"})
    assert level == StockLevel("117", 1, "instock", "95")


@given(
    st.dictionaries(st.sampled_from("ABCDE"), st.integers(-5, 50)),
    st.lists(st.tuples(st.sampled_from("ABCDE"), st.integers(-5, 50)), max_size=20),
    st.integers(0, 20),
)
def test_plan_invariants(previous, changes, minimum):
    plan = plan_stock_updates(previous, changes, {}, minimum)
    refs = [level.product_ref for level in plan]
    assert len(refs) == len(set(refs)), "one update per product"
    last = dict(changes)
    for level in plan:
        assert level.quantity == max(last[level.product_ref], 0)
        assert (level.stock_status == "outofstock") == (level.quantity == 0)
        reported = previous.get(level.product_ref)
        assert level.quantity <= minimum or (reported is not None and max(reported, 0) <= minimum)
    # Reporting the plan and planning again reports nothing: the plan is a fixed point.
    reported_now = {**previous, **{level.product_ref: level.quantity for level in plan}}
    assert plan_stock_updates(reported_now, changes, {}, minimum) == []
