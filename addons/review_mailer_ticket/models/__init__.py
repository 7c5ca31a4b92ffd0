from . import clearhouse_order_source, review_request, sale_order
