from . import service_queue
from . import carrier_exchange_document
from . import stock_picking
