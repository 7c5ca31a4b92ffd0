from . import carrier_exchange_event
