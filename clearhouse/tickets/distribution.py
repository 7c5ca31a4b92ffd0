"""Shift-based distribution of tickets among the members of a queue.

Pure functions: the addon reads members, their weekday windows, leaves and open-ticket loads
from the database, calls :func:`choose_assignee` (or :func:`assign_batch` for many tickets)
and writes the answer. Windows are wall-clock times in the company's time zone; ``now`` and
leaves are aware datetimes (any zone), so daylight saving time is handled by ``zoneinfo``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

MANUAL = "manual"
ROUND_ROBIN = "round_robin"
LEAST_OPEN = "least_open"
METHODS = (MANUAL, ROUND_ROBIN, LEAST_OPEN)


@dataclass(frozen=True)
class Window:
    """A weekly working window: ``weekday`` 0 = Monday, hours as floats (8.5 = 08:30)."""

    weekday: int
    start: float
    end: float

    def __post_init__(self):
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, got {self.weekday}")
        if not 0 <= self.start < self.end <= 24:
            raise ValueError(f"window must satisfy 0 <= start < end <= 24: {self}")

    def contains(self, local: datetime) -> bool:
        hour = local.hour + local.minute / 60 + local.second / 3600
        return local.weekday() == self.weekday and self.start <= hour < self.end


@dataclass(frozen=True)
class Member:
    """A queue member: ``key`` identifies them (user id), ``load`` = their open tickets."""

    key: int
    windows: tuple[Window, ...] = ()
    leaves: tuple[tuple[datetime, datetime], ...] = ()
    load: int = 0
    sequence: int = field(default=0, compare=False)


def _local(now: datetime, tz: str) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(ZoneInfo(tz or "UTC"))


def on_shift(member: Member, now: datetime, tz: str) -> bool:
    """Is the member inside one of their windows and not on leave at ``now``?"""
    local = _local(now, tz)
    if not any(window.contains(local) for window in member.windows):
        return False
    return not any(start <= now < end for start, end in member.leaves)


def _ordered(members: Iterable[Member]) -> list[Member]:
    return sorted(members, key=lambda m: (m.sequence, m.key))


def choose_assignee(
    members: Sequence[Member],
    now: datetime,
    tz: str,
    method: str,
    last_key: int | None = None,
) -> int | None:
    """The key of the member who gets the next ticket, or None (manual, or nobody on shift).

    ``round_robin`` takes the first member on shift after ``last_key`` (the last one served)
    in (sequence, key) order; ``least_open`` the member on shift with the fewest open
    tickets, ties going round robin.
    """
    if method not in METHODS:
        raise ValueError(f"unknown distribution method {method!r}")
    if method == MANUAL:
        return None
    ordered = _ordered(members)
    candidates = [m for m in ordered if on_shift(m, now, tz)]
    if not candidates:
        return None
    if method == LEAST_OPEN:
        lowest = min(m.load for m in candidates)
        candidates = [m for m in candidates if m.load == lowest]
    return _after(candidates, ordered, last_key).key


def _after(candidates: list[Member], ordered: list[Member], last_key: int | None) -> Member:
    """First candidate after ``last_key`` in the full member order, wrapping around."""
    keys = [m.key for m in ordered]
    if last_key not in keys:
        return candidates[0]
    position = {m.key: index for index, m in enumerate(ordered)}
    pivot = position[last_key]
    return min(candidates, key=lambda m: (position[m.key] - pivot - 1) % len(ordered))


def assign_batch(
    members: Sequence[Member],
    count: int,
    now: datetime,
    tz: str,
    method: str,
    last_key: int | None = None,
) -> list[int | None]:
    """Assignees for ``count`` tickets in a row; loads and the round-robin pointer move on."""
    current = {m.key: m for m in members}
    result: list[int | None] = []
    for _index in range(count):
        key = choose_assignee(list(current.values()), now, tz, method, last_key)
        result.append(key)
        if key is None:
            continue
        current[key] = replace(current[key], load=current[key].load + 1)
        last_key = key
    return result


def next_shift_start(
    members: Sequence[Member], now: datetime, tz: str, horizon_days: int = 14
) -> datetime | None:
    """The first moment after ``now`` at which a member's window opens (UTC-aware), or None.

    Leaves are honoured: a window start that falls inside a member's leave does not count.
    """
    zone = ZoneInfo(tz or "UTC")
    local_now = _local(now, tz)
    best = None
    for member in members:
        for day in range(horizon_days + 1):
            date = (local_now + timedelta(days=day)).date()
            for window in member.windows:
                if window.weekday != date.weekday():
                    continue
                hours = int(window.start)
                minutes = round((window.start - hours) * 60)
                start = datetime.combine(date, time(hours, minutes), tzinfo=zone)
                if start <= local_now or (best is not None and start >= best):
                    continue
                if any(a <= start < b for a, b in member.leaves):
                    continue
                best = start
    return best.astimezone(ZoneInfo("UTC")) if best else None


PRIORITY_MAX = 3


def waiting_order(tickets: Iterable[tuple[int, int, datetime]]) -> list[int]:
    """Ids of waiting tickets ``(id, priority, created)``: most urgent first, then oldest."""
    return [t[0] for t in sorted(tickets, key=lambda t: (-int(t[1]), t[2], t[0]))]
