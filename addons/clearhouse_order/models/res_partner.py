from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Intake recognises returning customers by it; mail keeps it up to date.
    email_normalized = fields.Char(index=True)
