from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    clearing_hold_note = fields.Boolean(related="company_id.clearing_hold_note", readonly=False)
    clearing_hold_packstation = fields.Boolean(
        related="company_id.clearing_hold_packstation", readonly=False
    )
    clearing_packstation_max_weight = fields.Float(
        related="company_id.clearing_packstation_max_weight", readonly=False
    )
    clearing_packstation_max_length = fields.Float(
        related="company_id.clearing_packstation_max_length", readonly=False
    )
    clearing_packstation_max_width = fields.Float(
        related="company_id.clearing_packstation_max_width", readonly=False
    )
    clearing_packstation_max_height = fields.Float(
        related="company_id.clearing_packstation_max_height", readonly=False
    )
    clearing_hold_value = fields.Boolean(related="company_id.clearing_hold_value", readonly=False)
    clearing_value_threshold = fields.Monetary(
        related="company_id.clearing_value_threshold", readonly=False
    )
    clearing_hold_duplicate = fields.Boolean(
        related="company_id.clearing_hold_duplicate", readonly=False
    )
    clearing_duplicate_days = fields.Integer(
        related="company_id.clearing_duplicate_days", readonly=False
    )
    clearing_link_days = fields.Integer(related="company_id.clearing_link_days", readonly=False)
