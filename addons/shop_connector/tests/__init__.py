from . import test_api
from . import test_concurrency
from . import test_flow
from . import test_stock
from . import test_xmlrpc
from . import test_pull
from . import test_problem_queue
from . import test_error_messages
