"""What every order channel shares: the status an intake API reports and its answer shape."""

from clearhouse.orders.results import (
    INTAKE_RESULT_KEYS,
    ISSUE_KEYS,
    issue_result,
    mark_repeats,
    rejected_result,
)
from clearhouse.orders.status import ORDER_STATUSES, order_status

__all__ = [
    "INTAKE_RESULT_KEYS",
    "ISSUE_KEYS",
    "ORDER_STATUSES",
    "issue_result",
    "mark_repeats",
    "order_status",
    "rejected_result",
]
