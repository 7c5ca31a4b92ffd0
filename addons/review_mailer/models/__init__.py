from . import (
    clearhouse_order_source,
    link_tracker_click,
    review_block,
    review_platform,
    review_request,
    review_request_link,
    review_rule,
    review_suppression,
    sale_order,
    stock_picking,
)
