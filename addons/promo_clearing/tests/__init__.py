from . import test_any_order
from . import test_take_next
from . import test_tour
from . import test_languages
from . import test_header_buttons
from . import test_dashboard
