from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    service_ticket_ids = fields.One2many("service.ticket", "order_id", string="Tickets")
    service_ticket_count = fields.Integer(
        compute="_compute_service_ticket_count", string="Ticket Count"
    )

    def _compute_service_ticket_count(self):
        groups = self.env["service.ticket"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.service_ticket_count = counts.get(order.id, 0)

    def action_view_service_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("helpdesk_ticket.service_ticket_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id, "default_partner_id": self.partner_id.id}
        return action

    # ------------------------------------------------------------ for answers and the portal
    def _ticket_order_status_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state)

    def _ticket_payment_status_label(self):
        self.ensure_one()
        field = self._fields["prepayment_state"]
        return dict(field._description_selection(self.env)).get(self.prepayment_state)

    def _ticket_tracking_links(self):
        """Outgoing shipments with their tracking reference and link where a carrier gave one.

        ``carrier_tracking_ref/url`` come from ``stock_delivery`` when it is installed.
        """
        self.ensure_one()
        pickings = self.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        has_url = "carrier_tracking_url" in pickings._fields
        has_ref = "carrier_tracking_ref" in pickings._fields
        states = dict(pickings._fields["state"]._description_selection(self.env))
        return [
            {
                "name": picking.name,
                "state": states.get(picking.state),
                "date": picking.date_done or picking.scheduled_date,
                "ref": picking.carrier_tracking_ref if has_ref else False,
                "url": picking.carrier_tracking_url if has_url else False,
            }
            for picking in pickings
        ]
