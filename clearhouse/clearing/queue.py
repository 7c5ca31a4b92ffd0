"""The clearing queue: which case "Take next" hands out, and how the queue is doing.

Ordering is a pure key function so that the addon can sort a ``search_read`` result and
two clerks pressing "Take next" at the same moment agree on the order (the addon locks
the case it hands out). Times are naive UTC datetimes as Odoo stores them; aware ones
are converted.
"""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from clearhouse.clearing.holds import (
    CUSTOMER_NOTE,
    PACKSTATION_OVERSIZE,
    SUSPECTED_DUPLICATE,
    VALUE_ABOVE_THRESHOLD,
)

# Lower comes first. Customer contact takes longest, so it is started first; a note is
# read in seconds and can wait for a quiet moment.
DEFAULT_REASON_PRIORITY = {
    VALUE_ABOVE_THRESHOLD: 10,
    SUSPECTED_DUPLICATE: 20,
    PACKSTATION_OVERSIZE: 30,
    CUSTOMER_NOTE: 40,
}
DEFAULT_PRIORITY = 50  # validation findings and reasons without an entry

AGE_BUCKETS = ("<4h", "4-24h", "1-3d", ">3d")
_BUCKET_LIMITS = ((4, "<4h"), (24, "4-24h"), (72, "1-3d"))


@dataclass(frozen=True)
class ClearingCase:
    """One order waiting in clearing; ``deadline`` is the campaign's delivery deadline."""

    case_id: int | str
    reason: str
    entered_at: datetime.datetime
    deadline: datetime.datetime | None = None


@dataclass(frozen=True)
class QueueConfig:
    """``urgent_within``: a deadline closer than this overrides the reason priority."""

    reason_priority: Mapping = field(
        default_factory=lambda: dict(DEFAULT_REASON_PRIORITY), compare=False, hash=False
    )
    default_priority: int = DEFAULT_PRIORITY
    urgent_within: datetime.timedelta = datetime.timedelta(hours=48)


def _utc_naive(value):
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


def _timestamp(value):
    return (_utc_naive(value) - datetime.datetime(1970, 1, 1)).total_seconds()


def priority_key(case, now, config=None):
    """Sort key for the queue, smallest first.

    1. Cases whose campaign deadline is within ``urgent_within`` (or past), earliest
       deadline first: they are lost when they wait.
    2. Then by reason priority, then oldest first (``entered_at``).
    3. ``case_id`` breaks ties, so the order never depends on how the rows were read.
    """
    config = config or QueueConfig()
    now = _utc_naive(now)
    deadline = _utc_naive(case.deadline) if case.deadline else None
    urgent = deadline is not None and deadline - now <= config.urgent_within
    priority = config.reason_priority.get(case.reason, config.default_priority)
    return (
        0 if urgent else 1,
        _timestamp(deadline) if urgent else 0.0,
        priority,
        _timestamp(case.entered_at),
        str(case.case_id),
    )


def order_queue(cases, now, config=None):
    """The cases in the order "Take next" hands them out."""
    return sorted(cases, key=lambda case: priority_key(case, now, config))


def take_next(cases, now, config=None, skip=()):
    """The next case, leaving out ``skip`` (ids another clerk holds); None when empty."""
    skip = set(skip)
    candidates = [case for case in cases if case.case_id not in skip]
    return min(candidates, key=lambda case: priority_key(case, now, config), default=None)


def bucket(age_hours):
    """The age column of the clearing dashboard; negative ages (clock skew) count as new."""
    if isinstance(age_hours, bool) or not isinstance(age_hours, (int, float)):
        raise TypeError(f"age_hours must be a number, not {type(age_hours).__name__}")
    if math.isnan(age_hours):
        raise ValueError("age_hours must not be NaN")
    for limit, label in _BUCKET_LIMITS:
        if age_hours < limit:
            return label
    return ">3d"


def bucket_counts(ages_hours):
    """How many cases per age bucket, every bucket present."""
    counts = dict.fromkeys(AGE_BUCKETS, 0)
    for age in ages_hours:
        counts[bucket(age)] += 1
    return counts


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
