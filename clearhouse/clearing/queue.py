"""The clearing queue: which case "Take next" hands out, and how the queue is doing.

``TAKE_NEXT_ORDER`` is the one policy for the order of the queue. The addon sorts in
SQL with it (``order_by_sql_terms``; a btree index on the same terms serves the query
and ``SKIP LOCKED`` keeps two clerks apart), and ``priority_key``/``take_next`` sort
Python values in exactly the same order, NULLs included, so both can be tested against
each other. Times are naive UTC datetimes as Odoo stores them; aware ones are converted.
"""

import datetime
import functools
import math
import re
from typing import NamedTuple
from zoneinfo import ZoneInfo


class SortTerm(NamedTuple):
    """One column of an ordering: ``direction`` "asc" or "desc", ``nulls`` "first" or
    "last" (spelled out, because PostgreSQL puts NULLs first in descending order)."""

    field: str
    direction: str
    nulls: str = "last"


# Highest priority first (the reason's priority as stored: Odoo's selection keys "0"
# to "3"), then the case that is due first, then the one waiting longest; the id makes
# the order total. A case without priority or deadline comes after those with one.
TAKE_NEXT_ORDER = (
    SortTerm("priority", "desc"),
    SortTerm("deadline", "asc"),
    SortTerm("entered_at", "asc"),
    SortTerm("case_id", "asc"),
)

_SQL_KEYWORDS = {
    ("asc", "last"): "ASC NULLS LAST",
    ("asc", "first"): "ASC NULLS FIRST",
    ("desc", "last"): "DESC NULLS LAST",
    ("desc", "first"): "DESC NULLS FIRST",
}
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class AgeBucket(NamedTuple):
    """A column of the backlog by age: ``below_hours`` None is the open-ended last one."""

    key: str
    label: str
    below_hours: int | None


AGE_BUCKETS = (
    AgeBucket("lt4h", "< 4 hours", 4),
    AgeBucket("4_24h", "4-24 hours", 24),
    AgeBucket("1_3d", "1-3 days", 72),
    AgeBucket("gt3d", "> 3 days", None),
)


class ClearingCase(NamedTuple):
    """One order waiting in clearing, with the values ``TAKE_NEXT_ORDER`` sorts by.

    ``deadline`` is when the case is due (``case_deadline``); None values sort last.
    """

    case_id: int | str
    entered_at: datetime.datetime | None
    priority: str | int | None = None
    deadline: datetime.datetime | None = None


def _utc_naive(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


@functools.total_ordering
class _Descending:
    """A value that sorts the other way round, for "desc" terms of any type."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return self.value == other.value

    def __lt__(self, other):
        return other.value < self.value

    __hash__ = None


def _term_key(value, term):
    value = _utc_naive(value)
    if value is None:
        return (1,) if term.nulls == "last" else (-1,)
    return (0, _Descending(value) if term.direction == "desc" else value)


def priority_key(case, order=TAKE_NEXT_ORDER):
    """Sort key of ``case``, smallest first: ``order`` term by term, as SQL sorts."""
    return tuple(_term_key(getattr(case, term.field), term) for term in order)


def order_queue(cases):
    """The cases in the order "Take next" hands them out."""
    return sorted(cases, key=priority_key)


def take_next(cases, skip=()):
    """The next case, leaving out ``skip`` (ids another clerk holds); None when empty."""
    skip = set(skip)
    candidates = [case for case in cases if case.case_id not in skip]
    return min(candidates, key=priority_key, default=None)


def order_by_sql_terms(columns, order=TAKE_NEXT_ORDER):
    """``[(identifier parts, keywords)]`` for an SQL ``ORDER BY`` (and an index) of ``order``.

    ``columns`` maps each term's field to a column, optionally with its table alias
    (``{"priority": "so.clearing_priority", ...}``); names are checked against a strict
    pattern and the keywords come from a fixed set, so an addon can compose
    ``SQL("%s %s", SQL.identifier(*parts), SQL(keywords))`` safely.
    """
    terms = []
    for term in order:
        parts = tuple(str(columns.get(term.field, "")).split("."))
        if len(parts) > 2 or not all(_IDENTIFIER.fullmatch(part) for part in parts):
            raise ValueError(f"no plain column for {term.field!r}: {columns.get(term.field)!r}")
        terms.append((parts, _SQL_KEYWORDS[term.direction, term.nulls]))
    return terms


def case_deadline(entered_at, service_hours=None, campaign_deadline=None, zone="UTC"):
    """When a case is due: the earlier of the campaign deadline and the reason's service
    time after ``entered_at``; None when neither is known.

    The campaign deadline is a date and means the end of that day in ``zone`` (the
    company's time zone). ``service_hours`` 0 or None is no service time (Odoo stores an
    empty number as 0). The result is naive UTC, as Odoo stores datetimes.
    """
    if service_hours and (isinstance(service_hours, bool) or not 0 < service_hours < math.inf):
        raise ValueError(f"service_hours must be a number of hours, not {service_hours!r}")
    due = []
    if campaign_deadline:
        due.append(_end_of_day(campaign_deadline, zone))
    if service_hours and entered_at:
        due.append(_utc_naive(entered_at) + datetime.timedelta(hours=service_hours))
    return min(due, default=None)


def _end_of_day(day, zone):
    if isinstance(day, datetime.datetime):
        return _utc_naive(day)
    local = datetime.datetime.combine(day, datetime.time(23, 59, 59), ZoneInfo(zone or "UTC"))
    return _utc_naive(local)


def bucket(age_hours):
    """The key of the age bucket of a case ``age_hours`` old; negative ages (clock skew)
    count as new."""
    if isinstance(age_hours, bool) or not isinstance(age_hours, (int, float)):
        raise TypeError(f"age_hours must be a number, not {type(age_hours).__name__}")
    if math.isnan(age_hours):
        raise ValueError("age_hours must not be NaN")
    for age_bucket in AGE_BUCKETS:
        if age_bucket.below_hours is None or age_hours < age_bucket.below_hours:
            return age_bucket.key
    raise AssertionError("the last bucket is open-ended")


def bucket_counts(ages_hours):
    """How many cases per age bucket key, every bucket present."""
    counts = dict.fromkeys((b.key for b in AGE_BUCKETS), 0)
    for age in ages_hours:
        counts[bucket(age)] += 1
    return counts


def age_bucket_thresholds():
    """``((key, below_hours), ...), last_key``: the limits of ``bucket`` for an SQL
    ``CASE WHEN age < hours THEN key ... ELSE last_key END``, checked in this order."""
    bounded = tuple((b.key, b.below_hours) for b in AGE_BUCKETS if b.below_hours is not None)
    return bounded, AGE_BUCKETS[-1].key


class ClearingStats(NamedTuple):
    count: int
    average_hours: float | None
    p90_hours: float | None


def percentile(values, pct):
    """Nearest-rank percentile: the smallest value with at least ``pct`` % of the values
    at or below it.

    Nearest rank always returns a time a real case took, which is what clerks and the
    customer's service level ("90 % within 24 h") mean; no interpolation.
    """
    if not 0 < pct <= 100:
        raise ValueError("pct must be in (0, 100]")
    ordered = sorted(values)
    if not ordered:
        return None
    rank = math.ceil(pct / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


def clearing_time_stats(durations_hours):
    """Average and 90th percentile (nearest rank) of the time cases spent in clearing."""
    values = [float(v) for v in durations_hours]
    if any(not math.isfinite(v) or v < 0 for v in values):
        raise ValueError("durations must be finite and not negative")
    if not values:
        return ClearingStats(0, None, None)
    return ClearingStats(len(values), sum(values) / len(values), percentile(values, 90))


def cleared_per_day(cleared_at, start, end):
    """``[(date, count)]`` for every day from ``start`` to ``end`` inclusive, zeros too.

    The dates are those of the datetimes as given: the addon converts to the user's time
    zone first, so that "today" is the clerk's today.
    """
    if end < start:
        return []
    counts = {}
    for moment in cleared_at:
        day = moment.date() if isinstance(moment, datetime.datetime) else moment
        if start <= day <= end:
            counts[day] = counts.get(day, 0) + 1
    days = (start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1))
    return [(day, counts.get(day, 0)) for day in days]


class BacklogForecast(NamedTuple):
    days_to_clear: float | None  # None: the backlog does not shrink
    cleared_by_deadline: bool
    backlog_at_deadline: float


def forecast_backlog(current, arrivals_per_day, clearing_per_day, deadline_days):
    """Whether clearing keeps up until the campaign deadline, at today's rates.

    A straight-line model: the backlog changes by ``arrivals - clearing`` per day and
    never goes below zero. ``days_to_clear`` is the time to work off today's backlog (0
    when it is empty, None when it does not shrink); ``cleared_by_deadline`` means the
    backlog is zero at the deadline, which is False for an empty queue whose arrivals
    outpace clearing. Days are fractional; the addon rounds for display.
    """
    values = (current, arrivals_per_day, clearing_per_day, deadline_days)
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        raise TypeError("forecast_backlog takes numbers")
    if any(not math.isfinite(v) or v < 0 for v in values):
        raise ValueError("forecast_backlog takes finite, non-negative numbers")
    net = clearing_per_day - arrivals_per_day
    if current == 0:
        days = 0.0
    elif net > 0:
        days = current / net
    else:
        days = None
    if net >= 0 and days is not None and days <= deadline_days:
        backlog = 0.0  # not current - net * days: that leaves float dust such as 1e-15
    else:
        backlog = max(0.0, current - net * deadline_days)
    return BacklogForecast(days, backlog == 0, backlog)
