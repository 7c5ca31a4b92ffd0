"""The shop adapter contract and the registry of shop systems.

The addon stores a backend's ``code`` and builds its client with ``get_adapter``; a new
shop system is a new ``ShopAdapter`` subclass added to ``ADAPTERS`` here, nothing else.
See ``clearhouse.shops.contract`` for what an adapter promises.
"""

from .contract import (
    COD,
    INSTOCK,
    INVOICE,
    OUTOFSTOCK,
    PAID,
    PAYMENT_CATEGORIES,
    PREPAYMENT,
    UNKNOWN,
    PaymentInfo,
    ShopAdapter,
    ShopConfig,
    ShopError,
    ShopLine,
    ShopOrder,
    StockLevel,
    StockPushResult,
)
from .woocommerce import WooCommerceAdapter

ADAPTERS = {
    WooCommerceAdapter.code: WooCommerceAdapter,
}


def get_adapter(code, config, session=None):
    """The adapter for a backend; ``ShopError`` (not retryable) for an unknown code."""
    try:
        adapter_class = ADAPTERS[code]
    except (KeyError, TypeError):
        raise ShopError(
            f"Unknown shop system {code!r}; known: {', '.join(sorted(ADAPTERS))}",
            code="config",
            retryable=False,
        ) from None
    return adapter_class(config, session=session)


__all__ = [
    "ADAPTERS",
    "COD",
    "INSTOCK",
    "INVOICE",
    "OUTOFSTOCK",
    "PAID",
    "PAYMENT_CATEGORIES",
    "PREPAYMENT",
    "UNKNOWN",
    "PaymentInfo",
    "ShopAdapter",
    "ShopConfig",
    "ShopError",
    "ShopLine",
    "ShopOrder",
    "StockLevel",
    "StockPushResult",
    "WooCommerceAdapter",
    "get_adapter",
]
