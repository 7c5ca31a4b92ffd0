from . import test_sync_tickets
