from odoo import fields, models


class ReviewRequestLink(models.Model):
    """One review link of one request (a product's or the general one), tracked by a
    link tracker: the reporting unit for platforms, products and clicks."""

    _name = "review.request.link"
    _description = "Review Link"
    _order = "request_id, id"

    request_id = fields.Many2one("review.request", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(
        [("product", "Product"), ("platform", "General")], required=True, default="product"
    )
    platform_id = fields.Many2one("review.platform", required=True, index=True, ondelete="restrict")
    product_id = fields.Many2one("product.product", index="btree_not_null", ondelete="set null")
    product_specific = fields.Boolean(string="Product Link")
    url = fields.Char(required=True)
    tracker_id = fields.Many2one("link.tracker", index="btree_not_null", ondelete="set null")
    tracked_url = fields.Char(readonly=True, help="The link tracker's short URL in the mail.")
    click_count = fields.Integer(readonly=True, aggregator="sum")
    clicked = fields.Boolean(readonly=True, index=True)
    source_id = fields.Many2one(related="request_id.source_id", store=True, index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    sent_at = fields.Datetime(related="request_id.sent_at", store=True)
    rating = fields.Integer(related="request_id.rating", store=True, aggregator="avg")

    def _review_track(self):
        """A link tracker per link (the label keeps two customers' equal URLs apart)."""
        if not self:
            return
        # sudo: link trackers belong to marketing; the request only needs its own trackers.
        trackers = (
            self.env["link.tracker"]
            .sudo()
            .create(
                [
                    {"url": link.url, "title": link.platform_id.name, "label": f"review-{link.id}"}
                    for link in self
                ]
            )
        )
        # The tracker's short URL, from the codes read at once (link.tracker computes its
        # code with one search per tracker).
        found = (
            self.env["link.tracker.code"]
            .sudo()
            .search_fetch([("link_id", "in", trackers.ids)], ["link_id", "code"], order="id")
        )
        codes = {code.link_id.id: code.code for code in found}
        base = self.browse().get_base_url()
        for link, tracker in zip(self, trackers, strict=True):
            link.tracker_id = tracker
            link.tracked_url = f"{base}/r/{codes[tracker.id]}"

    def _review_add_clicks(self, counts):
        """``counts``: {link id: new clicks}."""
        for link in self:
            link.click_count += counts.get(link.id, 0)
            link.clicked = True
        self.request_id.write({"clicked": True})
