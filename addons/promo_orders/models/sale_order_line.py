from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    promo_points = fields.Integer(
        string="Points",
        compute="_compute_promo_points",
        store=True,
        help="Premium points of this line (points per piece times quantity).",
    )
    promo_size_missing = fields.Boolean(
        string="Size Missing",
        copy=False,
        help="The participant ordered a sized premium without a size. The line holds a "
        "placeholder variant and the order cannot be confirmed until a size is chosen.",
    )

    promo_size_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id",
        string="Premium",
        help="Limits the size choice of the Clearing tab to the variants of this premium.",
    )
    promo_size_issue = fields.Char(
        string="Size Issue",
        compute="_compute_promo_size_issue",
        help="The validation issue of this line (the order's issues count the lines from 1).",
    )

    @api.depends("order_id.issue_ids.message", "order_id.order_line", "promo_size_missing")
    def _compute_promo_size_issue(self):
        for order in self.order_id:
            messages = {
                issue.line_no: issue.message
                for issue in order.issue_ids
                if issue.code == "size_missing" and issue.line_no
            }
            product_lines = order.order_line.filtered(lambda ln: not ln.display_type)
            for line_no, line in enumerate(product_lines, start=1):
                line.promo_size_issue = messages.get(line_no) or False
        for line in self.filtered(lambda ln: not ln.order_id or ln.display_type):
            line.promo_size_issue = False

    @api.depends("product_id", "product_uom_qty", "order_id.promo_campaign_id")
    def _compute_promo_points(self):
        campaigns = self.order_id.promo_campaign_id
        points = {}
        if campaigns:
            for premium in self.env["promo.campaign.product"].search_read(
                [("campaign_id", "in", campaigns.ids)],
                ["campaign_id", "product_tmpl_id", "points"],
            ):
                key = (premium["campaign_id"][0], premium["product_tmpl_id"][0])
                points[key] = premium["points"]
        for line in self:
            key = (line.order_id.promo_campaign_id.id, line.product_id.product_tmpl_id.id)
            line.promo_points = points.get(key, 0) * int(line.product_uom_qty or 0)

    @api.model_create_multi
    def create(self, vals_list):
        """A line without its size shows the premium, not the placeholder size variant."""
        missing = [
            vals for vals in vals_list if vals.get("promo_size_missing") and "name" not in vals
        ]
        if missing:
            products = self.env["product.product"].browse({v["product_id"] for v in missing})
            names = {product.id: product.product_tmpl_id.name for product in products}
            note = self.env._("size to be chosen")
            for vals in missing:
                vals["name"] = f"{names.get(vals['product_id'], '')} ({note})"
        return super().create(vals_list)

    def write(self, vals):
        if "product_id" in vals and "promo_size_missing" not in vals:
            # Choosing a variant is how staff fix a missing size.
            vals["promo_size_missing"] = False
        if {"product_id", "product_uom_qty"}.intersection(vals):
            stale = self.order_id.filtered(
                lambda o: o.validation_state and o.state in ("draft", "sent")
            )
            stale.write({"validation_state": "pending"})
        return super().write(vals)
