from . import test_access
from . import test_csv_profile
from . import test_import
from . import test_manual_match
from . import test_matching
from . import test_paypal_api
