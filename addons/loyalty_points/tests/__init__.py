from . import test_points_orders
from . import test_receipts
from . import test_redemption
from . import test_runs
from . import test_access
from . import test_concurrency
from . import test_run_killed
from . import test_intake_voucher
