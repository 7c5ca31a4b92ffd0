from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    awaiting_payment = fields.Boolean(
        copy=False,
        index=True,
        help="A prepayment order: it is confirmed (and shipped) only once its payment arrives.",
    )
    prepayment_paid = fields.Boolean(copy=False, readonly=True)
    prepayment_statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Prepayment",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )

    def _release_prepayment(self):
        """Release prepayment orders whose payment has been confirmed.

        The shared hook of Clearhouse: ``payment_matching`` calls it after a payment was
        matched to the orders (``prepayment_paid`` is set by then). It confirms the
        orders still in quotation, which creates their deliveries. Other addons extend it
        (``super()`` first) to release their own holds.
        """
        to_confirm = self.filtered(lambda order: order.state in ("draft", "sent"))
        if to_confirm:
            to_confirm.action_confirm()
        return True
