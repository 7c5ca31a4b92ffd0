from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    clearing_hold_note = fields.Boolean(string="Hold Orders with a Customer Note", default=True)
    clearing_hold_packstation = fields.Boolean(
        string="Hold Oversize Packstation Orders", default=True
    )
    clearing_packstation_max_weight = fields.Float(
        string="Packstation Max. Weight (kg)", default=31.5
    )
    clearing_packstation_max_length = fields.Float(
        string="Packstation Max. Length (cm)", default=60
    )
    clearing_packstation_max_width = fields.Float(string="Packstation Max. Width (cm)", default=35)
    clearing_packstation_max_height = fields.Float(
        string="Packstation Max. Height (cm)", default=35
    )
    clearing_hold_value = fields.Boolean(string="Hold Orders above a Value")
    clearing_value_threshold = fields.Monetary(
        string="Value Threshold", currency_field="currency_id", default=500.0
    )
    clearing_hold_duplicate = fields.Boolean(string="Hold Suspected Duplicates", default=True)
    clearing_duplicate_days = fields.Integer(string="Duplicate Window (days)", default=14)
    clearing_link_days = fields.Integer(
        string="Self-service Link Validity (days)",
        default=14,
        help="How long a customer's correction link stays valid.",
    )
