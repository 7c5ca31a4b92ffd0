"""Clearing: orders that automation could not or should not process alone.

``holds`` decides which valid orders still wait for a clerk, ``suggestions`` offers
one-click fixes for validation findings, ``queue`` orders the work and measures it,
``tokens`` signs the self-service links customers fix their own orders with.
"""

from .holds import (
    DETECTORS,
    DHL_PACKSTATION,
    HOLD_CODES,
    Hold,
    HoldConfig,
    OrderSnapshot,
    PackstationLimits,
    RecentOrder,
    SnapshotLine,
    address_key,
    detect_holds,
    is_boilerplate_note,
)
from .queue import (
    AGE_BUCKETS,
    BacklogForecast,
    ClearingCase,
    ClearingStats,
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
from .suggestions import SUGGESTERS, Suggestion, suggest_fixes
from .tokens import TokenData, TokenError, make_token, read_token

__all__ = [
    "AGE_BUCKETS",
    "DETECTORS",
    "DHL_PACKSTATION",
    "HOLD_CODES",
    "SUGGESTERS",
    "BacklogForecast",
    "ClearingCase",
    "ClearingStats",
    "Hold",
    "HoldConfig",
    "OrderSnapshot",
    "PackstationLimits",
    "QueueConfig",
    "RecentOrder",
    "SnapshotLine",
    "Suggestion",
    "TokenData",
    "TokenError",
    "address_key",
    "bucket",
    "bucket_counts",
    "cleared_per_day",
    "clearing_time_stats",
    "detect_holds",
    "forecast_backlog",
    "is_boilerplate_note",
    "make_token",
    "order_queue",
    "percentile",
    "priority_key",
    "read_token",
    "suggest_fixes",
    "take_next",
]
