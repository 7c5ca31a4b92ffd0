from markupsafe import Markup

from odoo import models


class CarrierExchangeDocument(models.Model):
    _inherit = "carrier.exchange.document"

    def _exchange_failed_for_good(self):
        result = super()._exchange_failed_for_good()
        # sudo: the exchange job runs without ticket rights; the ticket is its report.
        queues = (
            self.env["service.queue"]
            .sudo()
            .search(
                [
                    ("ticket_transfer_problems", "=", True),
                    ("company_id", "in", self.company_id.ids),
                ],
                order="sequence, id",
            )
        )
        vals_list = []
        for document in self:
            queue = queues.filtered(lambda q, d=document: q.company_id == d.company_id)[:1]
            if not queue:
                continue
            orders = document.picking_ids.sale_id
            vals_list.append(
                {
                    "name": self.env._(
                        "Transfer %(document)s to %(partner)s failed",
                        document=document.name,
                        partner=document.exchange_partner_id.name,
                    ),
                    "queue_id": queue.id,
                    "company_id": document.company_id.id,
                    "order_id": orders.id if len(orders) == 1 else False,
                    "partner_id": orders.partner_id.id if len(orders) == 1 else False,
                    "description": Markup("<pre>%s</pre>") % (document.last_error or ""),
                    "res_model": document._name,
                    "res_id": document.id,
                }
            )
        self.env["service.ticket"].sudo().create(vals_list)
        return result
