from odoo import api, fields, models
from odoo.exceptions import ValidationError

from clearhouse.logistics import RoutingRule


class CarrierRoutingRule(models.Model):
    """Which logistics partner ships what; the conditions are read by the core's ``route``."""

    _name = "carrier.routing.rule"
    _description = "Logistics Routing Rule"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10, index=True)
    active = fields.Boolean(default=True)
    exchange_partner_id = fields.Many2one(
        "carrier.exchange.partner",
        string="Logistics Partner",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="exchange_partner_id.company_id", store=True, index=True)
    source_ids = fields.Many2many(
        "clearhouse.order.source",
        string="Order Sources",
        help="Campaigns or shops whose orders this rule ships; empty: every source.",
    )
    product_ids = fields.Many2many("product.product", string="Products")
    categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="A category covers its subcategories.",
    )
    country_ids = fields.Many2many("res.country", string="Destination Countries")
    min_weight = fields.Float(string="Min. Weight (kg)", help="0: no minimum.")
    max_weight = fields.Float(string="Max. Weight (kg)", help="Of the whole delivery; 0: no limit.")
    max_length = fields.Float(
        string="Max. Length (cm)", help="Longest side of a piece; 0: no limit."
    )
    max_width = fields.Float(string="Max. Width (cm)")
    max_height = fields.Float(string="Max. Height (cm)", help="Shortest side of a piece.")
    fits_packstation = fields.Boolean(
        string="Only Packstation Size",
        help="Takes only pieces that fit a Packstation compartment (small parcels).",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "weights_positive",
            "CHECK(min_weight >= 0 AND max_weight >= 0)",
            "Weights cannot be negative.",
        ),
    ]

    @api.constrains("min_weight", "max_weight")
    def _check_weights(self):
        for rule in self:
            if rule.max_weight and rule.min_weight > rule.max_weight:
                raise ValidationError(
                    self.env._(
                        "Rule %(name)s: the minimum weight is above the maximum.", name=rule.name
                    )
                )

    def _to_core(self):
        """The rules as the core reads them; partner codes are the partners' ids."""
        return [
            RoutingRule(
                sequence=rule.sequence * 100000 + rule.id,
                partner_code=str(rule.exchange_partner_id.id),
                campaign_codes=tuple(str(source_id) for source_id in rule.source_ids.ids),
                product_codes=tuple(str(i) for i in rule.product_ids.ids),
                category_ids=tuple(rule.categ_ids.ids),
                countries=tuple(rule.country_ids.mapped("code")),
                min_weight_kg=rule.min_weight or None,
                max_weight_kg=rule.max_weight or None,
                max_length_cm=rule.max_length or None,
                max_width_cm=rule.max_width or None,
                max_height_cm=rule.max_height or None,
                fits_packstation=rule.fits_packstation,
                packstation=rule.exchange_partner_id.packstation,
                name=rule.name,
            )
            for rule in self
        ]
