from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PromoCampaignProduct(models.Model):
    """A premium of a campaign: which product, under which code, for how many points."""

    _name = "promo.campaign.product"
    _description = "Campaign Premium"
    _order = "campaign_id, sequence, id"

    campaign_id = fields.Many2one("promo.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Premium",
        required=True,
        ondelete="restrict",
        index=True,
        domain="[('sale_ok', '=', True)]",
    )
    code = fields.Char(
        required=True,
        help="Code the campaign website uses for this premium. Defaults to the product's "
        "internal reference.",
    )
    points = fields.Integer(required=True, help="Points one piece of this premium costs.")
    max_per_participant = fields.Integer(
        string="Maximum per Participant",
        help="How many pieces one participant may order over the whole campaign (0: no limit).",
    )
    size_names = fields.Char(
        string="Sizes", compute="_compute_size_names", help="Sizes the premium comes in."
    )

    _sql_constraints = [
        (
            "code_campaign_unique",
            "UNIQUE(campaign_id, code)",
            "A premium code can only be used once per campaign.",
        ),
        ("points_positive", "CHECK(points >= 0)", "Points cannot be negative."),
        (
            "max_positive",
            "CHECK(max_per_participant >= 0)",
            "The maximum per participant cannot be negative.",
        ),
    ]

    @api.depends("product_tmpl_id")
    def _compute_size_names(self):
        for premium in self:
            premium.size_names = ", ".join(premium._get_sizes())

    @api.onchange("product_tmpl_id")
    def _onchange_product_tmpl_id(self):
        if self.product_tmpl_id and not self.code:
            self.code = self.product_tmpl_id.default_code

    @api.model_create_multi
    def create(self, vals_list):
        templates = self.env["product.template"].browse(
            [vals["product_tmpl_id"] for vals in vals_list if vals.get("product_tmpl_id")]
        )
        codes = {tmpl.id: tmpl.default_code for tmpl in templates}
        for vals in vals_list:
            if not vals.get("code") and vals.get("product_tmpl_id"):
                vals["code"] = codes.get(vals["product_tmpl_id"])
            if vals.get("code"):
                vals["code"] = vals["code"].strip().upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().upper()
        return super().write(vals)

    def _get_sizes(self):
        """Sizes of the premium in attribute order, from its Size attribute line."""
        self.ensure_one()
        lines = self.product_tmpl_id.attribute_line_ids.filtered("attribute_id.promo_is_size")
        return lines.value_ids.sorted("sequence").mapped("name")

    @api.constrains("product_tmpl_id", "campaign_id")
    def _check_company(self):
        for premium in self:
            company = premium.product_tmpl_id.company_id
            if company and company != premium.campaign_id.company_id:
                raise ValidationError(
                    self.env._(
                        "The premium %(product)s belongs to another company than the "
                        "campaign %(campaign)s.",
                        product=premium.product_tmpl_id.display_name,
                        campaign=premium.campaign_id.display_name,
                    )
                )
