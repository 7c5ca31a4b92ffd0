from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._review_schedule()
        return result

    def _review_schedule(self):
        """An order whose outgoing deliveries are all done (or cancelled) gets its one
        review request, delivered at the last delivery's done date."""
        outgoing = self.filtered(
            lambda p: (
                p.state == "done"
                and p.picking_type_code == "outgoing"
                and not p.return_id
                and p.sale_id.order_source_id.review_enabled
            )
        )
        orders = outgoing.sale_id - outgoing.sale_id.review_request_ids.order_id
        vals_list = []
        for order in orders:
            deliveries = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and not p.return_id
            )
            if any(p.state not in ("done", "cancel") for p in deliveries):
                continue
            done = deliveries.filtered(lambda p: p.state == "done")
            vals_list.append(
                {
                    "order_id": order.id,
                    "delivered_at": max(done.mapped("date_done")) or fields.Datetime.now(),
                }
            )
        # sudo: warehouse users validate deliveries without managing review requests.
        return self.env["review.request"].sudo().create(vals_list)
