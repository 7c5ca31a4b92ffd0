"""Queue order for "Take next", case deadlines, age buckets, statistics and the forecast."""

import datetime
import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhouse.clearing import (
    AGE_BUCKETS,
    TAKE_NEXT_ORDER,
    ClearingCase,
    age_bucket_thresholds,
    bucket,
    bucket_counts,
    case_deadline,
    cleared_per_day,
    clearing_time_stats,
    forecast_backlog,
    order_by_sql_terms,
    order_queue,
    percentile,
    priority_key,
    take_next,
)

NOW = datetime.datetime(2026, 10, 1, 12, 0)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def _case(case_id, priority="1", age_hours=1, due_in_days=None):
    deadline = NOW + due_in_days * DAY if due_in_days is not None else None
    return ClearingCase(case_id, NOW - age_hours * HOUR, priority, deadline)


def _ids(cases):
    return [case.case_id for case in cases]


def test_take_next_order_is_declared_term_by_term():
    assert [(t.field, t.direction, t.nulls) for t in TAKE_NEXT_ORDER] == [
        ("priority", "desc", "last"),
        ("deadline", "asc", "last"),
        ("entered_at", "asc", "last"),
        ("case_id", "asc", "last"),
    ]


QUEUES = [
    # cases (id, priority, age hours, due in days), expected order
    (
        [(1, "1", 50, None), (2, "3", 1, None), (3, "2", 5, None)],
        [2, 3, 1],
        # highest priority first, whatever the age
    ),
    ([(1, "1", 2, None), (2, "1", 30, None), (3, "1", 0.5, None)], [2, 1, 3]),  # oldest first
    (
        [(1, "1", 10, 30), (2, "1", 1, 1), (3, "1", 1, 0.2), (4, "1", 1, -1)],
        [4, 3, 2, 1],  # within a priority, the case due first
    ),
    ([(1, "2", 1, None), (2, "2", 9, 5)], [2, 1]),  # a deadline before none
    ([(1, None, 90, 0), (2, "0", 1, None)], [2, 1]),  # no priority after every priority
    ([(10, "1", 1, None), (9, "1", 1, None)], [9, 10]),  # the id breaks ties, as a number
]


@pytest.mark.parametrize(("cases", "expected"), QUEUES)
def test_queue_order(cases, expected):
    queue = [_case(case_id, prio, age, due) for case_id, prio, age, due in cases]
    assert _ids(order_queue(queue)) == expected
    assert take_next(queue).case_id == expected[0]


def test_missing_entered_at_sorts_last_within_its_priority():
    cases = [ClearingCase(1, None, "1"), _case(2, "1", age_hours=0)]
    assert _ids(order_queue(cases)) == [2, 1]


def test_priority_key_accepts_aware_datetimes():
    aware = ClearingCase(1, NOW.replace(tzinfo=datetime.timezone.utc), "1")
    assert priority_key(aware) == priority_key(_case(1, age_hours=0))


def test_take_next_skips_cases_other_clerks_hold():
    cases = [_case("a", age_hours=3), _case("b", age_hours=2)]
    assert take_next(cases).case_id == "a"
    assert take_next(cases, skip={"a"}).case_id == "b"
    assert take_next(cases, skip={"a", "b"}) is None
    assert take_next([]) is None


MOMENTS = st.none() | st.datetimes(
    min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2030, 1, 1)
)
CASES = st.lists(
    st.builds(
        ClearingCase,
        case_id=st.integers(1, 10**6),
        entered_at=MOMENTS,
        priority=st.none() | st.sampled_from(["0", "1", "2", "3"]),
        deadline=MOMENTS,
    ),
    max_size=30,
    unique_by=lambda case: case.case_id,
)


def _sorted_by_terms(cases):
    """The declared order applied with stable sorts, last term first (as documented)."""
    result = list(cases)
    for term in reversed(TAKE_NEXT_ORDER):
        present = [c for c in result if getattr(c, term.field) is not None]
        missing = [c for c in result if getattr(c, term.field) is None]
        present.sort(key=lambda c: getattr(c, term.field), reverse=term.direction == "desc")
        result = present + missing if term.nulls == "last" else missing + present
    return result


@given(CASES)
def test_order_queue_is_the_declared_order(cases):
    assert _ids(order_queue(cases)) == _ids(_sorted_by_terms(cases))


@given(CASES, st.randoms())
def test_take_next_is_the_head_of_the_queue_whatever_the_input_order(cases, rnd):
    shuffled = list(cases)
    rnd.shuffle(shuffled)
    expected = order_queue(cases)[0] if cases else None
    assert take_next(shuffled) == expected


@given(CASES)
def test_nulls_come_last(cases):
    queue = order_queue(cases)
    priorities = [case.priority for case in queue]
    assert priorities == sorted(priorities, key=lambda p: (p is None, -int(p or 0)))


SQL_COLUMNS = {
    "priority": "so.clearing_priority",
    "deadline": "so.clearing_deadline",
    "entered_at": "so.clearing_entered_at",
    "case_id": "so.id",
}


def test_order_by_sql_terms_for_an_addon():
    assert order_by_sql_terms(SQL_COLUMNS) == [
        (("so", "clearing_priority"), "DESC NULLS LAST"),
        (("so", "clearing_deadline"), "ASC NULLS LAST"),
        (("so", "clearing_entered_at"), "ASC NULLS LAST"),
        (("so", "id"), "ASC NULLS LAST"),
    ]


@pytest.mark.parametrize(
    "column",
    ["", "so.id; DROP TABLE sale_order", "so.x.y", "Id", "so.id DESC", '"id"', None, "a" * 64],
)
def test_order_by_sql_terms_refuses_anything_but_plain_columns(column):
    with pytest.raises(ValueError):
        order_by_sql_terms({**SQL_COLUMNS, "deadline": column})


def test_order_by_sql_terms_needs_every_term():
    with pytest.raises(ValueError):
        order_by_sql_terms({k: v for k, v in SQL_COLUMNS.items() if k != "case_id"})


@pytest.fixture(scope="module")
def postgres():
    """A cursor on the local PostgreSQL when one answers; the test is skipped otherwise."""
    psycopg2 = pytest.importorskip("psycopg2")
    host, port = os.environ.get("PGHOST", "127.0.0.1"), os.environ.get("PGPORT", "5432")
    for user in dict.fromkeys((os.environ.get("PGUSER", "postgres"), "clearhouse")):
        try:
            conn = psycopg2.connect(
                host=host, port=port, user=user, dbname="postgres", connect_timeout=3
            )
        except psycopg2.Error:
            continue
        yield conn.cursor()
        conn.close()
        return
    pytest.skip("no PostgreSQL answers")


def _sql_order(cursor, cases):
    """The ids of ``cases`` as PostgreSQL orders them with ``order_by_sql_terms``."""
    from psycopg2 import sql

    order_by = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(*parts), sql.SQL(keywords))
        for parts, keywords in order_by_sql_terms(SQL_COLUMNS)
    )
    rows = sql.SQL(", ").join(
        sql.SQL("(%s::int, %s::varchar, %s::timestamp, %s::timestamp)") for _case in cases
    )
    query = sql.SQL(
        "SELECT so.id FROM (VALUES {}) AS so(id, clearing_priority, clearing_deadline, "
        "clearing_entered_at) ORDER BY {}"
    ).format(rows, order_by)
    params = [v for c in cases for v in (c.case_id, c.priority, c.deadline, c.entered_at)]
    cursor.execute(query, params)
    return [row[0] for row in cursor.fetchall()]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(CASES.filter(bool))
def test_postgresql_orders_like_take_next(postgres, cases):
    assert _sql_order(postgres, cases) == _ids(order_queue(cases)), "one policy, two engines"


DEADLINES = [
    # entered_at, service hours, campaign deadline, zone, due
    (NOW, 24, None, "UTC", NOW + DAY),
    (NOW, None, datetime.date(2026, 10, 5), "UTC", datetime.datetime(2026, 10, 5, 23, 59, 59)),
    (NOW, 24, datetime.date(2026, 10, 1), "UTC", datetime.datetime(2026, 10, 1, 23, 59, 59)),
    (NOW, 4, datetime.date(2026, 10, 9), "UTC", NOW + 4 * HOUR),
    # end of the day in Berlin (CEST, UTC+2) is 21:59:59 UTC
    (
        NOW,
        0,
        datetime.date(2026, 10, 1),
        "Europe/Berlin",
        datetime.datetime(2026, 10, 1, 21, 59, 59),
    ),
    (NOW, 0, None, "UTC", None),  # Odoo's empty number: no service time
    (None, 24, None, "UTC", None),
    (NOW.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=2))), 2, None, "UTC", NOW),
]


@pytest.mark.parametrize(("entered_at", "hours", "campaign", "zone", "due"), DEADLINES)
def test_case_deadline(entered_at, hours, campaign, zone, due):
    assert case_deadline(entered_at, hours, campaign, zone) == due


@pytest.mark.parametrize("hours", [-1, math.nan, math.inf, True])
def test_case_deadline_refuses_impossible_service_times(hours):
    with pytest.raises(ValueError):
        case_deadline(NOW, hours)


BUCKETS = [
    (0, "lt4h"),
    (-2, "lt4h"),
    (3.99, "lt4h"),
    (4, "4_24h"),
    (23.9, "4_24h"),
    (24, "1_3d"),
    (71.9, "1_3d"),
    (72, "gt3d"),
    (10_000, "gt3d"),
    (math.inf, "gt3d"),
]


@pytest.mark.parametrize(("hours", "key"), BUCKETS)
def test_bucket(hours, key):
    assert bucket(hours) == key


def test_bucket_refuses_nan_and_text():
    with pytest.raises(ValueError):
        bucket(math.nan)
    with pytest.raises(TypeError):
        bucket("5")


def test_bucket_counts_has_every_bucket():
    assert bucket_counts([1, 2, 30, 100]) == {"lt4h": 2, "4_24h": 0, "1_3d": 1, "gt3d": 1}
    assert list(bucket_counts([])) == [b.key for b in AGE_BUCKETS]


def _bucket_by_thresholds(hours):
    """What the addon's SQL CASE computes from ``age_bucket_thresholds``."""
    bounded, last = age_bucket_thresholds()
    return next((key for key, limit in bounded if hours < limit), last)


@given(st.floats(allow_nan=False) | st.integers())
def test_sql_thresholds_give_the_same_buckets(hours):
    assert _bucket_by_thresholds(hours) == bucket(hours)


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
