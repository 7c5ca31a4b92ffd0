from . import test_clearing_flow
from . import test_holds
from . import test_take_next
from . import test_self_service
from . import test_dashboard
from . import test_tour
