import datetime

import pytest

from clearhouse.desk.schedules import add_months, next_run_after, period_bounds

D = datetime.date
T = datetime.datetime


@pytest.mark.parametrize(
    ("period", "today", "bounds"),
    [
        ("day", D(2026, 12, 2), (D(2026, 12, 1), D(2026, 12, 2))),
        ("day", D(2026, 3, 1), (D(2026, 2, 28), D(2026, 3, 1))),
        # Wednesday: the week Monday 23 to Sunday 29 November
        ("week", D(2026, 12, 2), (D(2026, 11, 23), D(2026, 11, 30))),
        ("week", D(2026, 11, 30), (D(2026, 11, 23), D(2026, 11, 30))),
        ("month", D(2026, 12, 2), (D(2026, 11, 1), D(2026, 12, 1))),
        ("month", D(2027, 1, 15), (D(2026, 12, 1), D(2027, 1, 1))),
        ("month", D(2024, 3, 31), (D(2024, 2, 1), D(2024, 3, 1))),
    ],
)
def test_period_bounds(period, today, bounds):
    assert period_bounds(period, today) == bounds


@pytest.mark.parametrize(
    ("moment", "months", "result"),
    [
        (T(2026, 1, 31, 6), 1, T(2026, 2, 28, 6)),
        (T(2024, 1, 31, 6), 1, T(2024, 2, 29, 6)),
        (T(2026, 11, 30), 2, T(2027, 1, 30)),
        (T(2026, 12, 15), 1, T(2027, 1, 15)),
    ],
)
def test_add_months_clamps_the_day(moment, months, result):
    assert add_months(moment, months) == result


@pytest.mark.parametrize(
    ("next_run", "interval", "now", "result"),
    [
        (T(2026, 12, 1, 6), "daily", T(2026, 12, 2, 7), T(2026, 12, 3, 6)),
        (T(2026, 12, 1, 6), "weekly", T(2026, 12, 2, 7), T(2026, 12, 8, 6)),
        (T(2026, 1, 31, 6), "monthly", T(2026, 3, 1), T(2026, 3, 28, 6)),
        (T(2026, 12, 5, 6), "daily", T(2026, 12, 2, 7), T(2026, 12, 5, 6)),  # not due yet
    ],
)
def test_next_run_after_skips_missed_runs(next_run, interval, now, result):
    assert next_run_after(next_run, interval, now) == result


@pytest.mark.parametrize(
    "call",
    [
        lambda: period_bounds("year", D(2026, 1, 1)),
        lambda: next_run_after(T(2026, 1, 1), "hourly", T(2026, 2, 1)),
    ],
)
def test_unknown_period_or_interval_refused(call):
    with pytest.raises(ValueError):
        call()
