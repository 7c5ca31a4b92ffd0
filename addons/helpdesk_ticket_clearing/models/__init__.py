from . import clearing_reason
from . import clearing_episode
from . import service_ticket
from . import sale_order
