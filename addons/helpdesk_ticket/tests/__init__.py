from . import test_tickets
from . import test_distribution
from . import test_mailbox
from . import test_portal
from . import test_answer
