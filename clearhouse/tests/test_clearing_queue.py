"""Queue order for "Take next", age buckets, statistics and the backlog forecast."""

import datetime
import math
import random

import pytest

from clearhouse.clearing import (
    AGE_BUCKETS,
    ClearingCase,
    QueueConfig,
    bucket,
    bucket_counts,
    cleared_per_day,
    clearing_time_stats,
    forecast_backlog,
    order_queue,
    percentile,
    priority_key,
    take_next,
)

NOW = datetime.datetime(2026, 10, 1, 12, 0)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def _case(case_id, reason="customer_note", age_hours=1, deadline_days=None):
    deadline = NOW + deadline_days * DAY if deadline_days is not None else None
    return ClearingCase(case_id, reason, NOW - age_hours * HOUR, deadline)


def _ids(cases):
    return [case.case_id for case in cases]


def test_reason_priority_before_age():
    cases = [
        _case("old-note", "customer_note", age_hours=50),
        _case("new-value", "value_above_threshold", age_hours=1),
        _case("dup", "suspected_duplicate", age_hours=5),
    ]
    assert _ids(order_queue(cases, NOW)) == ["new-value", "dup", "old-note"]


def test_oldest_first_within_a_reason():
    cases = [_case("b", age_hours=2), _case("a", age_hours=30), _case("c", age_hours=0.5)]
    assert _ids(order_queue(cases, NOW)) == ["a", "b", "c"]


def test_close_deadline_overrides_reason_priority():
    cases = [
        _case("value", "value_above_threshold", age_hours=10, deadline_days=30),
        _case("note-tomorrow", "customer_note", age_hours=1, deadline_days=1),
        _case("note-today", "customer_note", age_hours=1, deadline_days=0.2),
        _case("note-overdue", "customer_note", age_hours=1, deadline_days=-1),
    ]
    assert _ids(order_queue(cases, NOW)) == ["note-overdue", "note-today", "note-tomorrow", "value"]


def test_urgency_window_is_configurable():
    cases = [
        _case("value", "value_above_threshold", deadline_days=30),
        _case("note", "customer_note", deadline_days=1),
    ]
    config = QueueConfig(urgent_within=datetime.timedelta(hours=6))
    assert _ids(order_queue(cases, NOW, config)) == ["value", "note"]


def test_unknown_reasons_after_known_ones_and_priorities_configurable():
    cases = [_case("address", "address_zip_invalid"), _case("note", "customer_note")]
    assert _ids(order_queue(cases, NOW)) == ["note", "address"]
    config = QueueConfig(reason_priority={"address_zip_invalid": 1})
    assert _ids(order_queue(cases, NOW, config)) == ["address", "note"]


def test_order_is_deterministic_whatever_the_input_order():
    rng = random.Random(7)
    cases = [_case(i, rng.choice(["customer_note", "x"]), age_hours=i % 3) for i in range(30)]
    expected = _ids(order_queue(cases, NOW))
    for seed in range(5):
        shuffled = cases[:]
        random.Random(seed).shuffle(shuffled)
        assert _ids(order_queue(shuffled, NOW)) == expected


def test_priority_key_accepts_aware_datetimes():
    aware = ClearingCase(1, "customer_note", NOW.replace(tzinfo=datetime.timezone.utc))
    assert priority_key(aware, NOW) == priority_key(_case(1, age_hours=0), NOW)


def test_take_next_skips_cases_other_clerks_hold():
    cases = [_case("a", age_hours=3), _case("b", age_hours=2)]
    assert take_next(cases, NOW).case_id == "a"
    assert take_next(cases, NOW, skip={"a"}).case_id == "b"
    assert take_next(cases, NOW, skip={"a", "b"}) is None
    assert take_next([], NOW) is None


BUCKETS = [
    (0, "<4h"),
    (-2, "<4h"),
    (3.99, "<4h"),
    (4, "4-24h"),
    (23.9, "4-24h"),
    (24, "1-3d"),
    (71.9, "1-3d"),
    (72, ">3d"),
    (10_000, ">3d"),
    (math.inf, ">3d"),
]


@pytest.mark.parametrize(("hours", "label"), BUCKETS)
def test_bucket(hours, label):
    assert bucket(hours) == label


def test_bucket_refuses_nan_and_text():
    with pytest.raises(ValueError):
        bucket(math.nan)
    with pytest.raises(TypeError):
        bucket("5")


def test_bucket_counts_has_every_bucket():
    assert bucket_counts([1, 2, 30, 100]) == {"<4h": 2, "4-24h": 0, "1-3d": 1, ">3d": 1}
    assert list(bucket_counts([])) == list(AGE_BUCKETS)


PERCENTILES = [
    ([15, 20, 35, 40, 50], 30, 20),  # the textbook nearest-rank example
    ([15, 20, 35, 40, 50], 40, 20),
    ([15, 20, 35, 40, 50], 50, 35),
    ([15, 20, 35, 40, 50], 100, 50),
    (list(range(1, 11)), 90, 9),
    (list(range(1, 101)), 90, 90),
    ([7], 90, 7),
    ([], 90, None),
]


@pytest.mark.parametrize(("values", "pct", "expected"), PERCENTILES)
def test_percentile_nearest_rank(values, pct, expected):
    assert percentile(values, pct) == expected
    assert percentile(list(reversed(values)), pct) == expected


def test_clearing_time_stats():
    stats = clearing_time_stats([1, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    assert stats.count == 10
    assert stats.average_hours == pytest.approx(14.5)
    assert stats.p90_hours == 9, "nearest rank: the 9th of 10 values"
    assert clearing_time_stats([]) == (0, None, None)
    with pytest.raises(ValueError):
        clearing_time_stats([1, -1])


def test_cleared_per_day_fills_empty_days():
    day = datetime.date(2026, 10, 1)
    moments = [
        datetime.datetime(2026, 10, 1, 8),
        datetime.datetime(2026, 10, 1, 23, 59),
        datetime.datetime(2026, 10, 3, 0, 0),
        datetime.datetime(2026, 9, 30, 23, 59),  # before the range
    ]
    assert cleared_per_day(moments, day, day + 2 * DAY) == [
        (datetime.date(2026, 10, 1), 2),
        (datetime.date(2026, 10, 2), 0),
        (datetime.date(2026, 10, 3), 1),
    ]
    assert cleared_per_day(moments, day, day - DAY) == []


FORECASTS = [
    # current, arrivals/day, cleared/day, days to deadline -> days_to_clear, cleared, backlog
    (100, 20, 70, 5, 2.0, True, 0.0),
    (100, 20, 70, 1, 2.0, False, 50.0),
    (100, 50, 50, 10, None, False, 100.0),  # no progress
    (100, 60, 50, 10, None, False, 200.0),  # growing
    (0, 10, 50, 3, 0.0, True, 0.0),
    (0, 60, 50, 3, 0.0, False, 30.0),  # empty now, but arrivals outpace clearing
    (90, 0, 30, 3, 3.0, True, 0.0),  # exactly at the deadline
    (1, 0, 3, 1 / 3, pytest.approx(1 / 3), True, 0.0),
]


@pytest.mark.parametrize(
    ("current", "arrivals", "clearing", "deadline", "days", "cleared", "backlog"), FORECASTS
)
def test_forecast_backlog(current, arrivals, clearing, deadline, days, cleared, backlog):
    forecast = forecast_backlog(current, arrivals, clearing, deadline)
    assert forecast == (days, cleared, backlog)
    assert forecast.days_to_clear == forecast[0]


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf])
def test_forecast_backlog_refuses_impossible_rates(bad):
    with pytest.raises(ValueError):
        forecast_backlog(10, bad, 5, 3)
    with pytest.raises(TypeError):
        forecast_backlog(10, "5", 5, 3)
