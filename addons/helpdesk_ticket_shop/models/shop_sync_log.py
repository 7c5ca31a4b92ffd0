from markupsafe import Markup

from odoo import models


class ShopSyncLog(models.Model):
    _inherit = "shop.sync.log"

    def _sync_failed_for_good(self):
        result = super()._sync_failed_for_good()
        # sudo: the sync job runs without ticket rights; the ticket is its report.
        queues = (
            self.env["service.queue"]
            .sudo()
            .search(
                [("ticket_sync_problems", "=", True), ("company_id", "in", self.company_id.ids)],
                order="sequence, id",
            )
        )
        labels = dict(self._fields["operation"]._description_selection(self.env))
        vals_list = []
        for log in self:
            queue = queues.filtered(lambda q, entry=log: q.company_id == entry.company_id)[:1]
            if not queue:
                continue
            vals_list.append(
                {
                    "name": self.env._(
                        "Shop %(shop)s: %(operation)s failed",
                        shop=log.backend_id.name,
                        operation=labels.get(log.operation) or log.operation,
                    ),
                    "queue_id": queue.id,
                    "company_id": log.company_id.id,
                    "order_id": log.order_id.id,
                    "partner_id": log.order_id.partner_id.id,
                    "picking_id": log.picking_id.id,
                    "description": Markup("<p>%s</p><pre>%s</pre>")
                    % (log.error_message or "", log.error or ""),
                    "res_model": log._name,
                    "res_id": log.id,
                }
            )
        self.env["service.ticket"].sudo().create(vals_list)
        return result
