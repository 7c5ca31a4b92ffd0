from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    exchange_event_count = fields.Integer(
        compute="_compute_exchange_event_count",
        string="Shipping Events",
        groups="carrier_exchange.carrier_exchange_group_user,sales_team.group_sale_salesman",
    )

    def _compute_exchange_event_count(self):
        counts = dict(
            self.env["carrier.exchange.event"]._read_group(
                [("customer_id", "in", self.commercial_partner_id.ids)],
                ["customer_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.exchange_event_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_exchange_events(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "carrier_exchange.carrier_exchange_event_action"
        )
        action["domain"] = [("customer_id", "in", self.commercial_partner_id.ids)]
        action["context"] = {"search_default_group_order": 1}
        return action
