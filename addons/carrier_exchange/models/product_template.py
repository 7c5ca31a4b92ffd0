from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # Named apart from OCA product_dimension's product_length & co. on purpose.
    carrier_length_cm = fields.Float(string="Length (cm)", help="Longest side of the parcel.")
    carrier_width_cm = fields.Float(string="Width (cm)")
    carrier_height_cm = fields.Float(string="Height (cm)", help="Shortest side of the parcel.")
