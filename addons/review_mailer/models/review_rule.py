from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from clearhouse.reviews import steering


class ReviewRule(models.Model):
    """Which platforms the customers of a source / product / category are sent to, by weight.

    The most specific rule wins (product, then category, then order); the platform is
    dealt per customer from a hash of the e-mail, so a customer always meets the same one.
    """

    _name = "review.rule"
    _description = "Review Steering Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    source_ids = fields.Many2many(
        "clearhouse.order.source",
        string="Sources",
        check_company=True,
        help="Empty: every source.",
    )
    product_ids = fields.Many2many("product.product", string="Products")
    category_ids = fields.Many2many("product.category", string="Product Categories")
    line_ids = fields.One2many("review.rule.line", "rule_id", string="Platforms", copy=True)

    @api.constrains("line_ids")
    def _check_lines(self):
        for rule in self:
            if sum(rule.line_ids.mapped("weight")) <= 0:
                raise ValidationError(
                    _("Rule %(name)s needs at least one platform with a weight.", name=rule.name)
                )

    def _review_core(self):
        """Categories are matched against the products' categories and their parents."""
        self.ensure_one()
        return steering.Rule(
            key=self.id,
            sequence=self.sequence,
            weights=tuple(
                steering.PlatformWeight(line.platform_id.id, line.weight, line.product_url)
                for line in self.line_ids
            ),
            source_ids=frozenset(self.source_ids.ids),
            product_ids=frozenset(self.product_ids.ids),
            category_ids=frozenset(self.category_ids.ids),
        )


class ReviewRuleLine(models.Model):
    _name = "review.rule.line"
    _description = "Review Steering Weight"
    _order = "rule_id, weight desc, id"

    rule_id = fields.Many2one("review.rule", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    platform_id = fields.Many2one(
        "review.platform", required=True, ondelete="restrict", check_company=True
    )
    weight = fields.Float(default=1.0, help="Share of the customers, relative to the others.")
    product_url = fields.Boolean(
        string="Product Link",
        default=True,
        help="Use the platform's product review link where it has one.",
    )

    _sql_constraints = [
        ("weight_positive", "CHECK(weight >= 0)", "Weights cannot be negative."),
    ]
