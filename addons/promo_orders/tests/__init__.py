from . import test_campaign
from . import test_validation
from . import test_intake
from . import test_import
from . import test_concurrency
from . import test_xmlrpc
