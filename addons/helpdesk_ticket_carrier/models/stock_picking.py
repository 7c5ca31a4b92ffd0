from odoo import api, fields, models

PARCEL_PROBLEMS = ("returned", "lost")


class ServiceTicket(models.Model):
    _inherit = "service.ticket"

    parcel_event = fields.Selection(
        [("returned", "Returned to sender"), ("lost", "Lost")],
        string="Parcel Problem",
        readonly=True,
        index="btree_not_null",
        help="The shipping event of the delivery that opened this ticket (one ticket per "
        "delivery and event).",
    )


class StockPicking(models.Model):
    _inherit = "stock.picking"

    @api.model
    def _exchange_notify_customer(self, events):
        result = super()._exchange_notify_customer(events)
        self._ticket_parcel_problems(events.filtered(lambda e: e.status in PARCEL_PROBLEMS))
        return result

    @api.model
    def _ticket_parcel_problems(self, events):
        """Open one ticket per returned or lost delivery, never twice for the same event."""
        if not events:
            return
        # sudo: the exchange import runs without ticket rights; the ticket is its report.
        Ticket = self.env["service.ticket"].sudo()
        pickings = events.picking_id
        queues = (
            self.env["service.queue"]
            .sudo()
            .search(
                [
                    ("ticket_parcel_problems", "=", True),
                    ("company_id", "in", pickings.company_id.ids),
                ],
                order="sequence, id",
            )
        )
        existing = {
            (ticket.picking_id.id, ticket.parcel_event)
            for ticket in Ticket.search(
                [("picking_id", "in", pickings.ids), ("parcel_event", "in", PARCEL_PROBLEMS)]
            )
        }
        labels = dict(
            self.env["service.ticket"]._fields["parcel_event"]._description_selection(self.env)
        )
        vals_list = []
        for event in events:
            picking = event.picking_id
            key = (picking.id, event.status)
            queue = queues.filtered(lambda q, p=picking: q.company_id == p.company_id)[:1]
            if key in existing or not queue:
                continue
            existing.add(key)
            order = picking.sale_id
            vals_list.append(
                {
                    "name": self.env._(
                        "Parcel %(picking)s: %(status)s",
                        picking=picking.name,
                        status=labels[event.status],
                    ),
                    "queue_id": queue.id,
                    "company_id": picking.company_id.id,
                    "order_id": order.id,
                    "picking_id": picking.id,
                    "partner_id": order.partner_id.id or picking.partner_id.id,
                    "parcel_event": event.status,
                    "res_model": picking._name,
                    "res_id": picking.id,
                }
            )
        Ticket.create(vals_list)
