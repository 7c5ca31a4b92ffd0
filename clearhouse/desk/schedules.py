"""When a scheduled report mail is due and which period it covers."""

import calendar
import datetime

INTERVALS = ("daily", "weekly", "monthly")
PERIODS = ("day", "week", "month")


def period_bounds(period, today):
    """``(start, end)`` of the last complete day, week (Monday to Sunday) or month before
    ``today``; ``end`` is excluded."""
    if period == "day":
        return today - datetime.timedelta(days=1), today
    if period == "week":
        end = today - datetime.timedelta(days=today.weekday())
        return end - datetime.timedelta(days=7), end
    if period == "month":
        end = today.replace(day=1)
        return (end - datetime.timedelta(days=1)).replace(day=1), end
    raise ValueError(f"unknown period {period!r}")


def add_months(moment, months):
    """``moment`` that many months later, the day clamped to the month's last day."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def next_run_after(next_run, interval, now):
    """The first run of the ``interval`` series through ``next_run`` that lies after
    ``now`` (missed runs are not made up)."""
    if interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}")
    while next_run <= now:
        if interval == "daily":
            next_run += datetime.timedelta(days=1)
        elif interval == "weekly":
            next_run += datetime.timedelta(weeks=1)
        else:
            next_run = add_months(next_run, 1)
    return next_run
