from odoo import fields, models

from ..models.sale_order import OPEN_STATES


class ClearingCancelWizard(models.TransientModel):
    _name = "clearing.cancel.wizard"
    _description = "Cancel Orders in Clearing"

    order_ids = fields.Many2many(
        "sale.order", default=lambda self: self.env.context.get("active_ids", [])
    )
    reason = fields.Char(required=True)
    send_mail = fields.Boolean(string="Inform the Customer", default=True)
    template_id = fields.Many2one(
        "mail.template",
        domain=[("model", "=", "sale.order")],
        default=lambda self: self.env.ref(
            "promo_clearing.mail_template_clearing_cancel", raise_if_not_found=False
        ),
    )

    def action_cancel_orders(self):
        self.ensure_one()
        orders = self.order_ids.filtered(lambda o: o.clearing_state in OPEN_STATES)
        orders._clearing_cancel(self.reason, self.template_id if self.send_mail else None)
        return {"type": "ir.actions.act_window_close"}
