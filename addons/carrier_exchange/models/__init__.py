from . import (
    carrier_exchange_partner,
    carrier_routing_rule,
    carrier_exchange_document,
    carrier_exchange_event,
    product_template,
    stock_picking,
    sale_order,
    res_partner,
)
