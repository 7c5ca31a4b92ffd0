from odoo import api, models


class SaleOrder(models.Model):
    """Joins the two prepayment flags: a shop order waiting for its prepayment is a
    candidate of payment matching, and a confirmed payment releases it the shop's way."""

    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("shop_awaiting_payment"):
                vals["awaiting_payment"] = True
        return super().create(vals_list)

    def _release_prepayment(self):
        shop_orders = self.filtered("shop_awaiting_payment")
        shop_orders._shop_release_prepayment()
        return super(SaleOrder, self - shop_orders)._release_prepayment()

    def _shop_release_prepayment(self):
        awaiting = super()._shop_release_prepayment()
        awaiting.write({"awaiting_payment": False})
        return awaiting
