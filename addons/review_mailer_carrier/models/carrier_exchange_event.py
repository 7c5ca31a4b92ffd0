from odoo import api, models


class CarrierExchangeEvent(models.Model):
    _inherit = "carrier.exchange.event"

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._review_delivered()
        return events

    def _review_delivered(self):
        """The parcel's arrival reported by the logistics partner is the delivery the review
        delay counts from (the warehouse's done date is only when it left)."""
        delivered = self.filtered(lambda e: e.status == "delivered" and e.order_id)
        if not delivered:
            return
        latest = {}
        for event in delivered:
            order_id = event.order_id.id
            latest[order_id] = max(latest.get(order_id, event.timestamp), event.timestamp)
        # sudo: logistics users record events without managing review requests.
        requests = (
            self.env["review.request"]
            .sudo()
            .search([("order_id", "in", list(latest)), ("state", "=", "scheduled")])
        )
        for request in requests:
            request.delivered_at = latest[request.order_id.id]
