"""Shift distribution: tables of real shifts and a balance property."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.tickets import (
    Member,
    Window,
    assign_batch,
    choose_assignee,
    next_shift_start,
    on_shift,
    waiting_order,
)

BERLIN = "Europe/Berlin"
UTC = timezone.utc
WEEKDAYS = range(5)


def morning(key, **kw):
    return Member(key, tuple(Window(d, 8, 12) for d in WEEKDAYS), **kw)


def afternoon(key, **kw):
    return Member(key, tuple(Window(d, 12, 17) for d in WEEKDAYS), **kw)


def berlin(*args):
    return datetime(*args, tzinfo=ZoneInfo(BERLIN))


TEAM = (morning(1), morning(2), afternoon(3))


@pytest.mark.parametrize(
    "now, method, last, expected",
    [
        (berlin(2026, 12, 1, 9, 0), "round_robin", None, 1),  # Tue 09:00: morning
        (berlin(2026, 12, 1, 9, 0), "round_robin", 1, 2),
        (berlin(2026, 12, 1, 9, 0), "round_robin", 2, 1),  # wraps, skips 3 (off shift)
        (berlin(2026, 12, 1, 12, 0), "round_robin", 1, 3),  # 12:00 belongs to afternoon
        (berlin(2026, 12, 1, 11, 59), "least_open", None, 1),
        (berlin(2026, 12, 1, 22, 0), "round_robin", None, None),  # night
        (berlin(2026, 12, 5, 9, 0), "round_robin", None, None),  # Saturday
        (berlin(2026, 12, 1, 9, 0), "manual", None, None),
    ],
)
def test_choose_assignee_by_shift(now, method, last, expected):
    assert choose_assignee(TEAM, now, BERLIN, method, last) == expected


def test_company_time_zone_decides_not_utc():
    # 07:30 UTC in winter is 08:30 in Berlin: the morning shift has started there.
    now = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    assert choose_assignee(TEAM, now, BERLIN, "round_robin") == 1
    assert choose_assignee(TEAM, now, "UTC", "round_robin") is None


def test_summer_time_shifts_the_window():
    # 06:30 UTC in July is 08:30 CEST.
    now = datetime(2026, 7, 7, 6, 30, tzinfo=UTC)
    assert on_shift(morning(1), now, BERLIN)


def test_member_on_leave_gets_nothing():
    now = berlin(2026, 12, 1, 9, 0)
    leave = ((now - timedelta(hours=1), now + timedelta(days=1)),)
    team = (morning(1, leaves=leave), morning(2))
    assert assign_batch(team, 3, now, BERLIN, "round_robin") == [2, 2, 2]


def test_least_open_prefers_lower_load_then_rotates():
    now = berlin(2026, 12, 1, 9, 0)
    team = (morning(1, load=5), morning(2, load=3), morning(3, load=3))
    assert assign_batch(team, 5, now, BERLIN, "least_open") == [2, 3, 2, 3, 1]


def test_unknown_method_raises():
    with pytest.raises(ValueError):
        choose_assignee(TEAM, berlin(2026, 12, 1, 9), BERLIN, "random")


def test_naive_now_raises():
    with pytest.raises(ValueError):
        choose_assignee(TEAM, datetime(2026, 12, 1, 9), BERLIN, "round_robin")


@pytest.mark.parametrize(
    "now, expected",
    [
        (berlin(2026, 12, 1, 22, 0), berlin(2026, 12, 2, 8, 0)),  # Tue night -> Wed 08:00
        (berlin(2026, 12, 1, 9, 0), berlin(2026, 12, 1, 12, 0)),  # afternoon starts next
        (berlin(2026, 12, 4, 18, 0), berlin(2026, 12, 7, 8, 0)),  # Fri evening -> Mon
    ],
)
def test_next_shift_start(now, expected):
    assert next_shift_start(TEAM, now, BERLIN) == expected.astimezone(UTC)


def test_next_shift_start_skips_leave_and_empty_team():
    now = berlin(2026, 12, 1, 22, 0)
    leave = ((berlin(2026, 12, 2, 0, 0), berlin(2026, 12, 3, 0, 0)),)
    assert next_shift_start((morning(1, leaves=leave),), now, BERLIN) == berlin(
        2026, 12, 3, 8, 0
    ).astimezone(UTC)
    assert next_shift_start((Member(1),), now, BERLIN) is None


def test_waiting_order_most_urgent_then_oldest():
    t0 = datetime(2026, 12, 1, 8, tzinfo=UTC)
    tickets = [(1, 1, t0), (2, 3, t0 + timedelta(hours=2)), (3, 1, t0 - timedelta(hours=1))]
    assert waiting_order(tickets) == [2, 3, 1]


@pytest.mark.parametrize("window", [(7, 8, 12), (0, 12, 8), (0, -1, 3), (0, 3, 25)])
def test_invalid_window_raises(window):
    with pytest.raises(ValueError):
        Window(*window)


@given(
    size=st.integers(min_value=1, max_value=8),
    tickets=st.integers(min_value=0, max_value=60),
    method=st.sampled_from(["round_robin", "least_open"]),
    start_load=st.integers(min_value=0, max_value=5),
    off_shift=st.integers(min_value=0, max_value=3),
)
def test_balanced_among_equal_members_on_shift(size, tickets, method, start_load, off_shift):
    now = berlin(2026, 12, 1, 9, 0)
    members = [morning(k, load=start_load) for k in range(1, size + 1)]
    members += [afternoon(100 + k) for k in range(off_shift)]
    result = assign_batch(members, tickets, now, BERLIN, method)
    counts = [result.count(k) for k in range(1, size + 1)]
    assert sum(counts) == tickets, "every ticket goes to a member on shift"
    assert max(counts) - min(counts) <= 1, f"unbalanced: {counts}"
