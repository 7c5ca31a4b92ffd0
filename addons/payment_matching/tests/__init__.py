from . import test_access
from . import test_import
from . import test_matching
