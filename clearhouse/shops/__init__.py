"""Webshop connectors: pull orders from shop systems, report shipments and scarce stock.

``adapter`` holds the contract and the registry ``ADAPTERS``, ``woocommerce`` the
reference adapter and its pure mappers, ``stock`` the decision which levels to report.
"""

from .adapter import (
    ADAPTERS,
    PAYMENT_CATEGORIES,
    PaymentInfo,
    ShopAdapter,
    ShopConfig,
    ShopError,
    ShopLine,
    ShopOrder,
    StockLevel,
    StockPushResult,
    get_adapter,
)
from .stock import plan_stock_updates
from .woocommerce import WooCommerceAdapter, map_order, order_to_canonical, payment_from_order

__all__ = [
    "ADAPTERS",
    "PAYMENT_CATEGORIES",
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
    "map_order",
    "order_to_canonical",
    "payment_from_order",
    "plan_stock_updates",
]
