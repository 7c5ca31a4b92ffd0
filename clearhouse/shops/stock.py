"""Which stock levels to report to a shop: only those that keep it from overselling.

The shop keeps its own count and sells from it; the service centre owns the real
stock. Reporting every movement would flood the shop and fight its own bookkeeping, so
a level is reported only when it matters: at or below the product's minimum (and then
every change, down to "sold out" at zero), and once more when it recovers above the
minimum, so the shop sells again.
"""

import math
from collections.abc import Mapping

from .contract import INSTOCK, OUTOFSTOCK, StockLevel


def _available(value):
    """Whole units that can be sold: floats (Odoo quantities) rounded down, negatives
    (oversold, reserved) as zero; None for values that are no quantity at all."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = math.floor(value)
    return max(int(value), 0)


def _changes(current):
    """The last quantity per product: several changes in one batch become one."""
    pairs = current.items() if isinstance(current, Mapping) else current
    latest = {}
    for ref, quantity in pairs:
        latest.pop(ref, None)  # keep the order of the last change
        latest[ref] = quantity
    return latest


def plan_stock_updates(previous, current, minimums, default_minimum=0, parents=None):
    """The ``StockLevel``s to push, in the order of the products' last change.

    ``previous``: ``{product_ref: quantity or StockLevel}`` last reported to the shop
    (absent: never);
    ``current``: ``{product_ref: quantity}`` or ``[(product_ref, quantity), ...]`` of
    available quantities, in the order they changed; ``minimums``: ``{product_ref:
    minimum}`` (else ``default_minimum``); ``parents``: ``{product_ref: parent_ref}``
    for variations. Products with an unusable quantity are left out.
    """
    parents = parents or {}
    plan = []
    for ref, raw in _changes(current).items():
        quantity = _available(raw)
        if quantity is None:
            continue
        minimum = minimums.get(ref, default_minimum)
        reported = previous.get(ref)
        reported = _available(getattr(reported, "quantity", reported))
        if quantity == reported:
            continue
        below = quantity <= minimum
        recovered = reported is not None and reported <= minimum and not below
        if below or recovered:
            plan.append(
                StockLevel(
                    product_ref=ref,
                    quantity=quantity,
                    stock_status=OUTOFSTOCK if quantity == 0 else INSTOCK,
                    parent_ref=parents.get(ref, ""),
                )
            )
    return plan
