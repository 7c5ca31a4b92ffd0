"""Logistics exchange: which partner ships what, the documents, and how they travel.

``routing`` splits orders into deliveries per logistics partner; ``documents`` writes
delivery orders and cancellations (XML, CSV) and reads the partners' confirmations;
``transports`` moves documents over FTP, FTPS, SFTP, HTTPS or SOAP with errors that
say whether a retry can help. The addon ``carrier_exchange`` wires them to Odoo.
"""

from clearhouse.logistics.documents import (
    CONFIRMATION_CSV,
    LINE_CANCELLATION_CSV,
    DELIVERED,
    LOST,
    RETURNED,
    SHIPPED,
    Cancellation,
    Confirmation,
    ConfirmationParseResult,
    CsvProfile,
    DeliveryLine,
    DeliveryOrder,
    DocumentHeader,
    Packstation,
    Party,
    cancellations_to_csv,
    cancellations_to_xml,
    check_delivery,
    deliveries_to_csv,
    deliveries_to_xml,
    parse_confirmations_csv,
    parse_confirmations_xml,
)
from clearhouse.logistics.routing import (
    Delivery,
    RoutingResult,
    RoutingRule,
    Shipment,
    ShipmentLine,
    Unroutable,
    route,
)
