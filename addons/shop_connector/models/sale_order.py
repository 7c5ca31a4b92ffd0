from odoo import api, fields, models

from clearhouse.shops.contract import UNKNOWN

from .shop_payment_mapping import PAYMENT_CATEGORY_SELECTION


class SaleOrder(models.Model):
    _inherit = "sale.order"

    shop_backend_id = fields.Many2one(
        "shop.backend", string="Webshop", index=True, copy=False, readonly=True
    )
    shop_payment_method = fields.Char(string="Shop Payment Method", copy=False, readonly=True)
    shop_payment_category = fields.Selection(
        [*PAYMENT_CATEGORY_SELECTION, (UNKNOWN, "Unknown")],
        string="Payment Category",
        copy=False,
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        backends = self.env["shop.backend"].browse(
            {vals["shop_backend_id"] for vals in vals_list if vals.get("shop_backend_id")}
        )
        source_of = {backend.id: backend.order_source_id.id for backend in backends}
        for vals in vals_list:
            if vals.get("shop_backend_id"):
                vals.setdefault("order_source_id", source_of[vals["shop_backend_id"]])
        return super().create(vals_list)

    # ---------------------------------------------------------------- flow
    def _order_automate(self):
        """An unknown payment method needs a person before the order can go on.

        Problems of the address (the kernel's validation) and the automatic holds reach
        clearing the same way as for every other order; prepayment orders wait for their
        payment (the kernel's hold) and the rest is confirmed at once.
        """
        unknown = self.filtered(
            lambda o: (
                o.shop_backend_id
                and o.shop_payment_category == UNKNOWN
                and o.validation_state != "invalid"
                and o.state in ("draft", "sent")
                and not o.clearing_released_once
            )
        )
        unknown._send_to_clearing(
            "shop_payment",
            {
                order.id: [
                    {
                        "code": "shop_payment_unknown",
                        "params": {"method": order.shop_payment_method or "-"},
                        "text": f"Unknown payment method {order.shop_payment_method or '-'}.",
                    }
                ]
                for order in unknown
            },
        )
        return super(SaleOrder, self - unknown)._order_automate()
