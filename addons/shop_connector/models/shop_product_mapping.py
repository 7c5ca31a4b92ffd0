from odoo import fields, models


class ShopProductMapping(models.Model):
    """Shop SKU -> product; also remembers the stock level last reported to the shop."""

    _name = "shop.product.mapping"
    _description = "Webshop Product Mapping"
    _order = "backend_id, sku"

    backend_id = fields.Many2one("shop.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True, index=True)
    sku = fields.Char(string="SKU", required=True)
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="restrict", check_company=True, index=True
    )
    shop_product_ref = fields.Char(
        string="Shop Product ID",
        help="The shop's id of the product for stock updates; SKU if empty.",
    )
    shop_parent_ref = fields.Char(
        string="Shop Parent ID", help="For variations whose stock the shop keeps under the parent."
    )
    stock_feedback = fields.Boolean(default=True, help="Report scarce stock of this product.")
    stock_minimum = fields.Integer(
        default=-1, help="Report levels at or below this; -1 uses the backend's default."
    )
    last_reported_qty = fields.Integer(readonly=True, copy=False)
    last_reported_at = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("sku_uniq", "UNIQUE(backend_id, sku)", "A SKU is mapped once per shop."),
    ]
