from . import service_queue
from . import shop_sync_log
