from . import test_delivered_event
