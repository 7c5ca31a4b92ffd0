from . import test_transfer_tickets
