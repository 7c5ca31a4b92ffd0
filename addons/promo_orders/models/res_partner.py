from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    promo_participant_ids = fields.One2many(
        "promo.participant", "partner_id", string="Campaign Participations"
    )
