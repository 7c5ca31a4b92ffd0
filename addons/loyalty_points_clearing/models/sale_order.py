from odoo import models


class SaleOrder(models.Model):
    """Automation redeems the vouchers of the orders it takes; a refused voucher sends
    its order to clearing instead of stopping the whole batch."""

    _inherit = "sale.order"

    def _order_automate(self):
        # The redemption is the atomic one of loyalty_points: of two orders racing for
        # one voucher exactly one is accepted, the other is answered as refused here.
        # Orders clearing takes out anyway (already in clearing, invalid) keep their
        # voucher open until a clerk releases them; held orders reserve it now.
        drafts = self.filtered(
            lambda o: (
                o.state in ("draft", "sent")
                and o.points_voucher_code
                and not o.points_redemption_id
                and o.clearing_state not in ("in_clearing", "in_progress")
                and o.validation_state != "invalid"
            )
        )
        refused = drafts._loyalty_redeem(raise_refused=False) if drafts else {}
        if not refused:
            return super()._order_automate()
        messages = {
            order.id: self.env._(
                "Order %(order)s: voucher %(code)s refused: %(reason)s",
                order=order.name,
                code=order.points_voucher_code,
                reason=answer["message"],
            )
            for order, answer in refused.items()
        }
        held = self.browse(list(messages))
        held._send_to_clearing("voucher_refused", messages)
        return super(SaleOrder, self - held)._order_automate()
