from odoo import api, fields, models


class PromoParticipant(models.Model):
    """A person taking part in one campaign, under the campaign's participant number."""

    _name = "promo.participant"
    _description = "Campaign Participant"
    _inherit = ["mail.thread"]
    _order = "campaign_id, number, id"
    _rec_names_search = ["number", "partner_id.name", "partner_id.email"]

    campaign_id = fields.Many2one("promo.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, ondelete="restrict", index=True
    )
    number = fields.Char(string="Participant Number", index=True, copy=False)
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    country_id = fields.Many2one(related="partner_id.country_id")
    order_ids = fields.One2many(
        "sale.order", "promo_participant_id", string="Orders", readonly=True
    )
    order_count = fields.Integer(compute="_compute_order_count")
    last_declared_points = fields.Integer(
        string="Last Declared Balance",
        readonly=True,
        help="Points balance the campaign website declared with the participant's last order.",
    )

    _sql_constraints = [
        (
            "number_campaign_unique",
            "UNIQUE(campaign_id, number)",
            "This participant number is already used in the campaign.",
        ),
        (
            "partner_campaign_unique",
            "UNIQUE(campaign_id, partner_id)",
            "This contact already takes part in the campaign.",
        ),
    ]

    @api.depends("number", "partner_id")
    def _compute_display_name(self):
        for participant in self:
            name = participant.partner_id.name or ""
            participant.display_name = (
                f"[{participant.number}] {name}" if participant.number else name
            )

    def _compute_order_count(self):
        groups = self.env["sale.order"]._read_group(
            [("promo_participant_id", "in", self.ids)], ["promo_participant_id"], ["__count"]
        )
        counts = {participant.id: count for participant, count in groups}
        for participant in self:
            participant.order_count = counts.get(participant.id, 0)

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "promo_orders.sale_order_action_promo"
        )
        action["domain"] = [("promo_participant_id", "=", self.id)]
        return action
