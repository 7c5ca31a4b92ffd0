from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from clearhouse.errors import InputError
from clearhouse.reviews import steering, urls


class ReviewPlatform(models.Model):
    """Where customers write reviews: the shop's own pages, Trusted Shops, Google, ..."""

    _name = "review.platform"
    _description = "Review Platform"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    url_template = fields.Char(
        string="Review URL",
        required=True,
        help="General review link. Placeholders: {order_ref}, {sku}, {ean}, {email_hash}, "
        "{email}, {product_name}; values are URL-encoded.",
    )
    product_url_template = fields.Char(
        string="Product Review URL",
        help="Link to review one product, where the platform has one (same placeholders). "
        "Used when the rule allows it and the product has the values it needs.",
    )
    selective_allowed = fields.Boolean(
        string="Policy Allows Selective Invitations",
        help="Only platforms whose policy allows it (not Google, not Trustpilot) may be "
        "offered to satisfied customers alone.",
    )
    gate_on_rating = fields.Boolean(
        string="Only After A Good Rating",
        help="Offer this platform only on the thank-you page of a good rating, not in the mail.",
    )
    link_ids = fields.One2many("review.request.link", "platform_id", string="Links")

    _sql_constraints = [
        ("code_company_uniq", "UNIQUE(code, company_id)", "A platform code is unique per company."),
    ]

    @api.constrains("url_template", "product_url_template")
    def _check_templates(self):
        for platform in self:
            for field_name in ("url_template", "product_url_template"):
                try:
                    urls.template_fields(platform[field_name] or "")
                except InputError as exc:
                    raise ValidationError(
                        _(
                            "Platform %(name)s, field %(field)s: %(error)s",
                            name=platform.name,
                            field=self._fields[field_name].get_description(self.env)["string"],
                            error=_("unknown placeholder(s) %(names)s", names=exc.params["names"])
                            if exc.code == "url_template_placeholder"
                            else _("the template is malformed"),
                        )
                    ) from exc

    @api.constrains("gate_on_rating", "selective_allowed")
    def _check_gate(self):
        for platform in self:
            if platform.gate_on_rating and not platform.selective_allowed:
                raise ValidationError(
                    _(
                        "Platform %(name)s forbids selective invitations: its link must be "
                        "offered to every customer.",
                        name=platform.name,
                    )
                )

    def _review_core(self):
        self.ensure_one()
        return steering.Platform(self.id, self.url_template, self.product_url_template or "")
