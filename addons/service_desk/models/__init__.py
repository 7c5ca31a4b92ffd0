from . import res_partner
from . import sale_order
from . import stock_picking
from . import service_desk_change
from . import service_desk_intake
