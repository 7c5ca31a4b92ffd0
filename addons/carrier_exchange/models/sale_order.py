from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    exchange_event_ids = fields.One2many(
        "carrier.exchange.event",
        "order_id",
        string="Shipping History",
        readonly=True,
        groups="carrier_exchange.carrier_exchange_group_user,sales_team.group_sale_salesman",
    )
    exchange_tracking = fields.Char(
        compute="_compute_exchange_tracking",
        string="Tracking Numbers",
        groups="carrier_exchange.carrier_exchange_group_user,sales_team.group_sale_salesman",
    )

    @api.depends("exchange_event_ids.tracking_numbers")
    def _compute_exchange_tracking(self):
        for order in self:
            numbers = []
            for event in order.exchange_event_ids.sorted("timestamp"):
                numbers.extend(n for n in (event.tracking_numbers or "").split(",") if n)
            order.exchange_tracking = ", ".join(dict.fromkeys(numbers)) or False

    def action_confirm(self):
        result = super().action_confirm()
        self.picking_ids._exchange_route()
        return result

    def _order_automate(self):
        """After a fix or a release, deliveries that could not be routed are tried again
        (rules or data were fixed)."""
        result = super()._order_automate()
        released = self.filtered(lambda o: o.clearing_state == "released")
        pickings = released.picking_ids.filtered(
            lambda p: p.exchange_state in ("unroutable", "invalid")
        )
        pickings.write({"exchange_state": False})
        pickings._exchange_route()
        return result

    def action_view_exchange_events(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "carrier_exchange.carrier_exchange_event_action"
        )
        action["domain"] = [("order_id", "in", self.ids)]
        action["context"] = {}
        return action
