from odoo import fields, models


class PointsRedemption(models.Model):
    """A voucher used for an order of a channel; one per channel and order reference."""

    _name = "points.redemption"
    _description = "Loyalty Voucher Redemption"
    _order = "id desc"

    voucher_id = fields.Many2one("points.voucher", required=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(related="voucher_id.partner_id", store=True)
    company_id = fields.Many2one(related="voucher_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="voucher_id.currency_id")
    channel = fields.Char(required=True)
    order_ref = fields.Char(string="Order Reference", required=True)
    order_amount = fields.Monetary()
    amount = fields.Monetary(string="Amount Applied")
    order_id = fields.Many2one("sale.order", index="btree_not_null", ondelete="set null")

    _sql_constraints = [
        (
            "order_unique",
            "UNIQUE(channel, order_ref)",
            "A voucher was already redeemed for this order.",
        ),
    ]
