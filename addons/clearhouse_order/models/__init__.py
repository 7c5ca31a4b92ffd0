from . import clearhouse_order_source
from . import clearhouse_order_source_mixin
from . import clearhouse_order_issue
from . import clearhouse_order_intake
from . import res_partner
from . import sale_order
from . import stock_picking
