"""When a review request goes out: a delay after delivery, a send window, a daily cap.

Times are aware datetimes; the window is read in the shop's time zone (a request
"between 9 and 18 on weekdays" means the customer's working day, not UTC).
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

SEND = "send"
WAIT = "wait"  # not due yet
WINDOW = "window"  # due, but outside the send window
CAP = "cap"  # due and inside the window, but today's cap is used up
ACTIONS = (SEND, WAIT, WINDOW, CAP)


@dataclass(frozen=True)
class SendWindow:
    """Hours ``[hour_from, hour_to)`` on ``weekdays`` (0 = Monday) in ``tz``."""

    hour_from: int = 0
    hour_to: int = 24
    weekdays: frozenset = field(default_factory=lambda: frozenset(range(7)))
    tz: str = "UTC"

    def __post_init__(self):
        if not (0 <= self.hour_from < self.hour_to <= 24):
            raise ValueError(f"invalid send window hours {self.hour_from}-{self.hour_to}")
        if not self.weekdays or not set(self.weekdays) <= set(range(7)):
            raise ValueError(f"invalid send window weekdays {sorted(self.weekdays)!r}")
        ZoneInfo(self.tz)  # raises on an unknown zone

    def contains(self, moment):
        local = _aware(moment).astimezone(ZoneInfo(self.tz))
        return local.weekday() in self.weekdays and self.hour_from <= local.hour < self.hour_to

    def next_opening(self, moment):
        """The first moment at or after ``moment`` inside the window (UTC)."""
        zone = ZoneInfo(self.tz)
        local = _aware(moment).astimezone(zone)
        for offset in range(8):
            day = local.date() + datetime.timedelta(days=offset)
            if day.weekday() not in self.weekdays:
                continue
            opening = datetime.datetime.combine(day, datetime.time(self.hour_from), tzinfo=zone)
            closing = datetime.datetime.combine(day, datetime.time(0), tzinfo=zone)
            closing += datetime.timedelta(hours=self.hour_to)
            start = max(opening, local)
            if start < closing:
                return start.astimezone(datetime.timezone.utc)
        raise AssertionError("a week always holds an opening")  # pragma: no cover

    def day_start(self, moment):
        """Midnight (UTC) of the local day of ``moment``: the daily cap counts from there."""
        midnight = datetime.datetime.combine(
            self.local_day(moment), datetime.time(0), tzinfo=ZoneInfo(self.tz)
        )
        return midnight.astimezone(datetime.timezone.utc)

    def local_day(self, moment):
        """The calendar day of ``moment`` in the window's zone (the cap counts per day)."""
        return _aware(moment).astimezone(ZoneInfo(self.tz)).date()


@dataclass(frozen=True)
class ScheduleDecision:
    action: str
    due_at: datetime.datetime  # delivery + delay (UTC)
    not_before: datetime.datetime  # earliest moment a send may happen (UTC)


def _aware(value):
    """Odoo stores naive UTC datetimes; they are read as UTC."""
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"expected a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)


def due_at(delivered_at, delay_days):
    """Delivery plus ``delay_days`` whole days (same clock time)."""
    if isinstance(delay_days, bool) or not isinstance(delay_days, int) or delay_days < 0:
        raise ValueError(f"delay_days must be a non-negative int, not {delay_days!r}")
    return _aware(delivered_at) + datetime.timedelta(days=delay_days)


def decide(delivered_at, now, delay_days, window, daily_cap=0, sent_today=0):
    """What to do with one order's request now.

    ``daily_cap``: at most that many requests per local day, 0 = no cap;
    ``sent_today``: requests already queued today (including earlier ones of this run).
    """
    due = due_at(delivered_at, delay_days)
    not_before = window.next_opening(due)
    now = _aware(now)
    if now < due:
        action = WAIT
    elif not window.contains(now):
        action = WINDOW
    elif daily_cap and sent_today >= daily_cap:
        action = CAP
    else:
        action = SEND
    return ScheduleDecision(action=action, due_at=due, not_before=not_before)


def allowance(daily_cap, sent_today, batch_size):
    """How many requests one run may queue: the batch, limited by what the cap leaves."""
    if batch_size <= 0:
        return 0
    if not daily_cap:
        return batch_size
    return max(0, min(batch_size, daily_cap - sent_today))
