from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    pack_length = fields.Float(string="Parcel Length (cm)", help="Packed length, for carriers.")
    pack_width = fields.Float(string="Parcel Width (cm)")
    pack_height = fields.Float(string="Parcel Height (cm)")
