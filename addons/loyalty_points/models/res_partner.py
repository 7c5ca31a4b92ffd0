from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    points_account_ids = fields.One2many("points.account", "partner_id", string="Loyalty Cards")
    points_voucher_ids = fields.One2many("points.voucher", "partner_id", string="Vouchers")
    points_move_ids = fields.One2many("points.move", "partner_id", string="Points Ledger")
