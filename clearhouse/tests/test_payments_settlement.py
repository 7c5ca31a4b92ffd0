"""Tolerance, kind of a match and write-off: the decisions matching and booking share."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.payments import build_index, propose
from clearhouse.payments.settlement import (
    MAX_TOLERANCE,
    MAX_TOLERANCE_PERCENT,
    NO_TOLERANCE,
    Tolerance,
    ToleranceError,
    match_kind,
    write_off,
)
from clearhouse.payments.types import (
    EXACT,
    INVOICE,
    MIXED,
    MULTIPLE,
    ORDER,
    OVERPAYMENT,
    PARTIAL,
    Candidate,
    Proposal,
    StatementLine,
    candidate_kind,
)

D = Decimal


# (amount, percent, paid, open amount, settles in full)
ACCEPTS = [
    ("0", "0", "49.90", "49.90", True),
    ("0", "0", "49.89", "49.90", False),
    ("0.05", "0", "49.85", "49.90", True),
    ("0.05", "0", "49.84", "49.90", False),
    ("0.05", "0", "49.95", "49.90", True),
    ("0.05", "0", "49.96", "49.90", False),
    ("0", "2", "98.00", "100.00", True),  # 2 % of the open amount
    ("0", "2", "97.99", "100.00", False),
    ("0", "2", "102.00", "100.00", True),
    ("0", "2", "102.01", "100.00", False),
    ("1.00", "1", "99.00", "100.00", True),  # both allow 1.00
    ("1.00", "1", "1980.00", "2000.00", True),  # 1 % of 2000 is 20: the larger one applies
    ("1.00", "1", "1979.99", "2000.00", False),
    ("1.00", "1", "4.00", "5.00", True),  # the absolute amount for small items
    ("1.00", "1", "3.99", "5.00", False),
]


@pytest.mark.parametrize(("amount", "percent", "paid", "open_amount", "expected"), ACCEPTS)
def test_tolerance_accepts(amount, percent, paid, open_amount, expected):
    tolerance = Tolerance(D(amount), D(percent))
    assert tolerance.accepts(D(paid), D(open_amount)) is expected


@pytest.mark.parametrize(
    ("amount", "percent", "paid", "window"),
    [
        ("0", "0", "49.90", ("49.90", "49.90")),
        ("0.05", "0", "49.90", ("49.85", "49.95")),
        ("0", "2", "100.00", ("98.04", "102.04")),  # 100 / 1.02 and 100 / 0.98, in cents
        ("5.00", "2", "100.00", ("95.00", "105.00")),
        ("0", "5", "10.00", ("9.53", "10.52")),
    ],
)
def test_tolerance_window(amount, percent, paid, window):
    assert Tolerance(D(amount), D(percent)).window(D(paid)) == (D(window[0]), D(window[1]))


@given(
    amount=st.decimals(min_value=0, max_value=MAX_TOLERANCE, places=2),
    percent=st.decimals(min_value=0, max_value=MAX_TOLERANCE_PERCENT, places=2),
    paid=st.integers(min_value=1, max_value=10_000_000),
    offset=st.integers(min_value=-100_000, max_value=100_000),
)
def test_window_holds_exactly_the_accepted_amounts(amount, percent, paid, offset):
    """The index looks the window up; it must neither miss nor add an amount."""
    tolerance = Tolerance(amount, percent)
    paid = D(paid).scaleb(-2)
    open_amount = paid + D(offset).scaleb(-2)
    if open_amount <= 0:
        return
    low, high = tolerance.window(paid)
    assert (low <= open_amount <= high) is tolerance.accepts(paid, open_amount)


@pytest.mark.parametrize(
    ("amount", "percent", "code"),
    [
        ("-0.01", "0", "tolerance_amount"),
        ("10.01", "0", "tolerance_amount"),
        ("NaN", "0", "tolerance_amount"),
        ("abc", "0", "tolerance_amount"),
        ("0", "-1", "tolerance_percent"),
        ("0", "5.01", "tolerance_percent"),
        ("0", "Infinity", "tolerance_percent"),
    ],
)
def test_unreasonable_tolerance_is_refused_with_a_code(amount, percent, code):
    with pytest.raises(ToleranceError) as caught:
        Tolerance(amount, percent)
    assert caught.value.code == code
    assert caught.value.params["maximum"] in (str(MAX_TOLERANCE), str(MAX_TOLERANCE_PERCENT))
    assert isinstance(caught.value, ValueError), "callers of the older API catch ValueError"


# (paid, open amounts, tolerance (amount, percent), kind)
KINDS = [
    ("100.00", ["100.00"], ("0", "0"), EXACT),
    ("99.99", ["100.00"], ("0", "0"), PARTIAL),
    ("100.01", ["100.00"], ("0", "0"), OVERPAYMENT),
    ("99.99", ["100.00"], ("0.01", "0"), EXACT),
    ("100.00", ["40.00", "60.00"], ("0", "0"), MULTIPLE),
    ("99.50", ["40.00", "60.00"], ("0", "1"), MULTIPLE),
    ("150.00", ["80.00", "100.00"], ("0", "0"), PARTIAL),  # a part of both
    ("50.00", ["40.00"], ("0", "0"), OVERPAYMENT),
    ("50.00", ["40.00"], ("10.00", "0"), EXACT),
]


@pytest.mark.parametrize(("paid", "amounts", "tolerance", "kind"), KINDS)
def test_match_kind(paid, amounts, tolerance, kind):
    assert match_kind(D(paid), [D(a) for a in amounts], Tolerance(*map(D, tolerance))) == kind


def test_match_kind_needs_an_item():
    with pytest.raises(ValueError):
        match_kind(D("1.00"), [])


# (paid, open total, tolerance (amount, percent), write-off)
WRITE_OFFS = [
    ("100.00", "100.00", ("0.05", "0"), "0"),  # exact: nothing to book off
    ("99.97", "100.00", ("0.05", "0"), "0.03"),  # paid less: an expense
    ("100.04", "100.00", ("0.05", "0"), "-0.04"),  # paid more: an income
    ("99.90", "100.00", ("0.05", "0"), "0"),  # outside the tolerance: stays open
    ("98.00", "100.00", ("0", "2"), "2.00"),
    ("97.00", "100.00", ("0", "2"), "0"),
    ("99.97", "100.00", ("0", "0"), "0"),  # no tolerance: never a write-off
]


@pytest.mark.parametrize(("paid", "open_total", "tolerance", "expected"), WRITE_OFFS)
def test_write_off(paid, open_total, tolerance, expected):
    assert write_off(D(paid), D(open_total), Tolerance(*map(D, tolerance))) == D(expected)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ((ORDER,), ORDER),
        ((INVOICE, INVOICE), INVOICE),
        ((ORDER, INVOICE), MIXED),
        ((INVOICE, ORDER, ORDER), MIXED),
        ((), ""),
    ],
)
def test_candidate_kind(kinds, expected):
    assert candidate_kind(kinds) == expected


def test_proposal_names_its_kind_and_ids_per_kind():
    proposal = Proposal(
        transaction_id="1",
        candidate_ids=(7, 7, 9),
        kind=MULTIPLE,
        score=90,
        amount_matched=D("10"),
        candidate_kinds=(ORDER, INVOICE, ORDER),
    )
    assert proposal.candidate_kind == MIXED
    assert proposal.ids_of(ORDER) == [7, 9]
    assert proposal.ids_of(INVOICE) == [7], "an order and an invoice may share an id"


def _candidate(number, amount):
    return Candidate(kind=ORDER, id=number, reference=f"SO{number:05d}", amount_open=D(amount))


def test_percent_tolerance_in_matching():
    """2 % of the open amount: 98.00 pays SO04711 (100.00) but not SO04712 (102.50)."""
    index = build_index([_candidate(4711, "100.00"), _candidate(4712, "102.50")])
    lines = [
        StatementLine("a", "2026-03-10", D("98.00"), "EUR", remittance="SO04711"),
        StatementLine("b", "2026-03-10", D("98.00"), "EUR", remittance="SO04712"),
    ]
    first, second = propose(lines, index, tolerance=Tolerance(percent=D(2)))
    assert (first[0].references, first[0].kind) == (("SO04711",), EXACT)
    assert first[0].evidence["amount"] == "tolerance"
    assert (second[0].references, second[0].kind) == (("SO04712",), PARTIAL)
    [[strict]] = propose(lines[:1], index, tolerance=NO_TOLERANCE)
    assert strict.kind == PARTIAL, "without tolerance 98.00 of 100.00 is a partial payment"
