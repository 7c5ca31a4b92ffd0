from . import test_finder
from . import test_order_changes
from . import test_duplicates
from . import test_returned_mail
from . import test_service_view
from . import test_report_schedule
