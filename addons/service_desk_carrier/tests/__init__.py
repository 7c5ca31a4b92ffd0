from . import test_order_changes_logistics
from . import test_tour
