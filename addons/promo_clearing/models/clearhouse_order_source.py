from odoo import fields, models

from .sale_order import OPEN_STATES

HOLD_CHOICES = [("company", "As the company"), ("on", "On"), ("off", "Off")]


class ClearhouseOrderSource(models.Model):
    """Per-source switches of the clearing holds (a campaign's or a shop's Features)."""

    _inherit = "clearhouse.order.source"

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
        counts = dict(
            self.env["sale.order"]._read_group(
                [("order_source_id", "in", self.ids), ("clearing_state", "in", OPEN_STATES)],
                ["order_source_id"],
                ["__count"],
            )
        )
        for source in self:
            source.clearing_order_count = counts.get(source, 0)

    def action_view_clearing(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "promo_clearing.sale_order_action_clearing"
        )
        action["domain"] = [
            ("order_source_id", "in", self.ids),
            ("clearing_state", "in", OPEN_STATES),
        ]
        return action

    def _clearing_hold_enabled(self, hold, company):
        """The source's switch when set, else the company's."""
        choice = self[f"clearing_hold_{hold}"] if self else "company"
        if choice == "company":
            return bool(company[f"clearing_hold_{hold}"])
        return choice == "on"
