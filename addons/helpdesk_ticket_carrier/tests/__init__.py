from . import test_transfer_tickets
from . import test_parcel_tickets
