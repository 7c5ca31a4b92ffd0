from . import res_partner
from . import sale_order
from . import stock_picking
from . import service_desk_change
from . import service_desk_intake
from . import service_desk_report_schedule
