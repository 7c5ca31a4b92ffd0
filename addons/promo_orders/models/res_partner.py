from odoo import api, fields, models

from clearhouse.intake.payload import normalize_email


class ResPartner(models.Model):
    _inherit = "res.partner"

    promo_email_normalized = fields.Char(
        string="Normalized E-mail",
        compute="_compute_promo_email_normalized",
        store=True,
        index=True,
        help="Lower-cased e-mail used to recognise a returning campaign participant.",
    )
    promo_participant_ids = fields.One2many(
        "promo.participant", "partner_id", string="Campaign Participations"
    )

    @api.depends("email")
    def _compute_promo_email_normalized(self):
        for partner in self:
            partner.promo_email_normalized = normalize_email(partner.email or "") or False
