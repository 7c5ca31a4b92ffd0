from . import base_partner_merge, res_partner
