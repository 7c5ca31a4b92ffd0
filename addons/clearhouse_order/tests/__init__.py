from . import test_kernel
from . import test_order_screens
from . import test_search_indexes
