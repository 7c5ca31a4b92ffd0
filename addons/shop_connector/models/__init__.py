from . import shop_backend
from . import shop_product_mapping
from . import shop_payment_mapping
from . import shop_sync_log
from . import shop_order_intake
from . import sale_order
from . import stock_picking
