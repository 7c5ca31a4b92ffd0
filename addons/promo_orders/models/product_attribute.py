from odoo import fields, models


class ProductAttribute(models.Model):
    _inherit = "product.attribute"

    promo_is_size = fields.Boolean(
        string="Is Size",
        help="Values of this attribute are premium sizes: a campaign order line for a "
        "product with such an attribute must name its size.",
    )
