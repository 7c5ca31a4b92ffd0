from . import service_desk_order_change
from . import service_desk_partner_merge
from . import service_desk_returned_mail_import
from . import service_desk_phone_order
