from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

from clearhouse.errors import InputError
from clearhouse.reviews import blocks, render

BLOCK_KIND_SELECTION = [
    ("greeting", "Greeting"),
    ("thanks", "Thanks"),
    ("product", "Product (one per ordered product)"),
    ("rating", "Satisfaction Question"),
    ("platform", "Platform (general link)"),
    ("footer", "Footer"),
    ("text", "Free Text"),
]


class ReviewBlock(models.Model):
    """A reusable piece of a review request mail, in one language, with conditions."""

    _name = "review.block"
    _description = "Review Mail Block"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    kind = fields.Selection(BLOCK_KIND_SELECTION, required=True, default="text", index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: shared by every company.")
    lang = fields.Selection(
        "_get_lang_selection", string="Language", help="Empty: used for any language."
    )
    source_ids = fields.Many2many(
        "clearhouse.order.source", string="Sources", help="Empty: every source."
    )
    category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Product blocks: only for products of these categories. Other blocks: only when "
        "the order holds such a product. Empty: no condition.",
    )
    min_amount = fields.Float(string="Minimum Order Value", help="0: no minimum.")
    max_amount = fields.Float(string="Maximum Order Value", help="0: no maximum.")
    subject = fields.Char(help="Greeting blocks: the subject of the mail (placeholders allowed).")
    body = fields.Html(
        required=True,
        sanitize_attributes=False,
        help="Placeholders: {customer_name}, {order_ref}, {shop_name}, {product_name}, "
        "{platform_name}, {review_url}, {rating_links}, {unsubscribe_url}.",
    )

    @api.model
    def _get_lang_selection(self):
        # Every language Odoo knows, active or not: blocks may be written before a
        # language is activated.
        langs = (
            self.env["res.lang"].with_context(active_test=False).search_read([], ["code", "name"])
        )
        return [(lang["code"], lang["name"]) for lang in langs]

    @api.constrains("body", "subject", "min_amount", "max_amount", "kind")
    def _check_block(self):
        for block in self:
            try:
                render.placeholders_in(block.body or "")
                render.placeholders_in(block.subject or "")
                block._review_core()
            except InputError as exc:
                raise ValidationError(
                    _(
                        "Block %(name)s: unknown placeholder(s) %(names)s.",
                        name=block.name,
                        names=exc.params.get("names", ""),
                    )
                ) from exc
            except ValueError as exc:
                raise ValidationError(
                    _(
                        "Block %(name)s: the minimum order value is above the maximum.",
                        name=block.name,
                    )
                ) from exc

    def _review_core(self):
        """Categories are matched against the products' categories and their parents."""
        self.ensure_one()
        return blocks.Block(
            key=self.id,
            kind=self.kind,
            sequence=self.sequence,
            lang=self.lang or "",
            source_ids=frozenset(self.source_ids.ids),
            category_ids=frozenset(self.category_ids.ids),
            min_amount=self.min_amount,
            max_amount=self.max_amount,
        )

    def _text_preview(self):
        return html2plaintext(self.body or "")[:80]
