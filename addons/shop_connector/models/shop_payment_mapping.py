from odoo import fields, models

from clearhouse.shops.contract import COD, INVOICE, PAID, PREPAYMENT

PAYMENT_CATEGORY_SELECTION = [
    (PREPAYMENT, "Prepayment"),
    (PAID, "Paid at Checkout"),
    (INVOICE, "Invoice"),
    (COD, "Cash on Delivery"),
]


class ShopPaymentMapping(models.Model):
    """Shop payment method code -> payment category that drives the order flow."""

    _name = "shop.payment.mapping"
    _description = "Webshop Payment Method Mapping"
    _order = "backend_id, code"

    backend_id = fields.Many2one("shop.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True, index=True)
    code = fields.Char(required=True, help="The payment method id as the shop sends it.")
    category = fields.Selection(PAYMENT_CATEGORY_SELECTION, required=True, default=PAID)

    _sql_constraints = [
        ("code_uniq", "UNIQUE(backend_id, code)", "A payment method is mapped once per shop."),
    ]
