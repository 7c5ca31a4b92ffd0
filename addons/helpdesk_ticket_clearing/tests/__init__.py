from . import test_clearing_tickets
