from . import carrier_exchange_upload_wizard
