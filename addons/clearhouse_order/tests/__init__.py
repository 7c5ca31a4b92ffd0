from . import test_kernel
from . import test_search_indexes
