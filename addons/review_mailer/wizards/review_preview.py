from odoo import api, fields, models


class ReviewPreview(models.TransientModel):
    """The request mail a chosen order would get now, without sending or storing anything."""

    _name = "review.preview"
    _description = "Review Mail Preview"

    order_id = fields.Many2one("sale.order", required=True)
    lang = fields.Char(compute="_compute_preview")
    subject = fields.Char(compute="_compute_preview")
    body = fields.Html(compute="_compute_preview", sanitize=False)
    link_summary = fields.Text(string="Links", compute="_compute_preview")

    @api.depends("order_id")
    def _compute_preview(self):
        for wizard in self:
            wizard.update(wizard._preview_values())

    def _preview_values(self):
        if not self.order_id:
            return {"lang": False, "subject": False, "body": False, "link_summary": False}
        Request = self.env["review.request"]
        request = self.order_id.review_request_ids[:1] or Request.new(
            {"order_id": self.order_id.id, "delivered_at": fields.Datetime.now()}
        )
        ctx = request._review_context()
        links = self.env["review.request.link"]
        for kind, product, link in request._review_link_specs(ctx):
            links |= links.new(
                {
                    "request_id": request.id,
                    "kind": kind,
                    "product_id": product.id,
                    "platform_id": link.platform,
                    "url": link.url,
                    "product_specific": link.product_specific,
                }
            )
        lang = self.order_id.partner_id.lang or "en_US"
        subject, body = request.with_context(lang=lang)._review_compose(
            ctx, links, "preview-secret-not-used-0123456789", fields.Datetime.now()
        )
        summary = "\n".join(
            f"{link.platform_id.name}: {link.product_id.name or '-'} -> {link.url}"
            for link in links
        )
        return {"lang": lang, "subject": subject, "body": body, "link_summary": summary}
