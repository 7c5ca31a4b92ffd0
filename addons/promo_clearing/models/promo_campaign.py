from odoo import fields, models

from .sale_order import OPEN_STATES

HOLD_CHOICES = [("company", "As the company"), ("on", "On"), ("off", "Off")]


class PromoCampaign(models.Model):
    """Per-campaign switches of the clearing holds (Features section of the campaign)."""

    _inherit = "promo.campaign"

    clearing_hold_note = fields.Selection(
        HOLD_CHOICES, string="Hold: Customer Note", default="company", required=True
    )
    clearing_hold_packstation = fields.Selection(
        HOLD_CHOICES, string="Hold: Oversize Packstation", default="company", required=True
    )
    clearing_hold_value = fields.Selection(
        HOLD_CHOICES, string="Hold: Value above Threshold", default="company", required=True
    )
    clearing_hold_duplicate = fields.Selection(
        HOLD_CHOICES, string="Hold: Suspected Duplicate", default="company", required=True
    )
    clearing_order_count = fields.Integer(compute="_compute_clearing_order_count")

    def _compute_clearing_order_count(self):
        groups = self.env["sale.order"]._read_group(
            [
                ("promo_campaign_id", "in", self.ids),
                ("clearing_state", "in", OPEN_STATES),
            ],
            ["promo_campaign_id"],
            ["__count"],
        )
        counts = {campaign.id: count for campaign, count in groups}
        for campaign in self:
            campaign.clearing_order_count = counts.get(campaign.id, 0)

    def action_view_clearing(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "promo_clearing.sale_order_action_clearing"
        )
        action["domain"] = [
            ("promo_campaign_id", "=", self.id),
            ("clearing_state", "in", OPEN_STATES),
        ]
        return action

    def _clearing_hold_enabled(self, hold, company):
        """Campaign switch when set, else the company's."""
        choice = self[f"clearing_hold_{hold}"] if self else "company"
        if choice == "company":
            return bool(company[f"clearing_hold_{hold}"])
        return choice == "on"
