from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._order_notify_shipped()
        return result

    def _order_notify_shipped(self):
        """Every customer hears that the order left the warehouse, with the tracking link,
        whichever source the order came from (switch per source)."""
        shipped = self.filtered(
            lambda p: (
                p.state == "done"
                and p.picking_type_code == "outgoing"
                and p.sale_id.order_source_id.shipping_mail
            )
        )
        template = self.env.ref(
            "clearhouse_order.mail_template_order_shipped", raise_if_not_found=False
        )
        if shipped and template:
            # Queued (mail.mail); the mail cron sends it after this transaction committed.
            template.send_mail_batch(shipped.ids)
