from . import clearing_cancel_wizard
from . import clearing_stats_wizard
