"""Order intake: the canonical order dict and the file formats that carry it.

``payload`` checks one order for every channel; ``xml`` and ``csv`` read and write files
(an ``InputError`` for a file that cannot be read, a ``PayloadError`` per bad order);
``generator`` makes realistic demo and test orders.
"""

from clearhouse.intake.csv import CsvParseResult, orders_to_csv, parse_orders_csv
from clearhouse.intake.generator import (
    DEMO_CATALOGUE,
    INVALID_KINDS,
    generate_orders,
    generate_orders_with_kinds,
)
from clearhouse.intake.payload import normalize_email, parse_order_dict, payload_to_dict
from clearhouse.intake.xml import XmlParseResult, orders_to_xml, parse_orders_xml

__all__ = [
    "DEMO_CATALOGUE",
    "INVALID_KINDS",
    "CsvParseResult",
    "XmlParseResult",
    "generate_orders",
    "generate_orders_with_kinds",
    "normalize_email",
    "orders_to_csv",
    "orders_to_xml",
    "parse_order_dict",
    "parse_orders_csv",
    "parse_orders_xml",
    "payload_to_dict",
]
