from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    promo_campaign_id = fields.Many2one(
        "promo.campaign",
        string="Promotion Campaign",
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
    )
    promo_participant_id = fields.Many2one(
        "promo.participant", string="Participant", index=True, check_company=True
    )
    promo_declared_points = fields.Integer(
        string="Declared Points Balance",
        help="Points balance of the participant as declared with the order.",
    )
    promo_points_total = fields.Integer(
        string="Order Points", compute="_compute_promo_points_total", store=True
    )
    promo_import_batch_id = fields.Many2one(
        "promo.import.batch", string="Import Batch", index=True, copy=False, readonly=True
    )
    promo_size_line_ids = fields.One2many(
        "sale.order.line",
        "order_id",
        string="Lines Without Size",
        domain=[("promo_size_missing", "=", True)],
        help="The lines whose size is still to be chosen, editable on the Clearing tab.",
    )

    @api.depends("order_line.promo_points")
    def _compute_promo_points_total(self):
        for order in self:
            order.promo_points_total = sum(order.order_line.mapped("promo_points"))

    @api.onchange("promo_campaign_id")
    def _onchange_promo_campaign_id(self):
        if self.promo_campaign_id:
            if self.promo_campaign_id.team_id:
                self.team_id = self.promo_campaign_id.team_id
            if not self.intake_channel:
                self.intake_channel = "manual"
            self.validation_state = "pending"

    @api.model_create_multi
    def create(self, vals_list):
        campaigns = self.env["promo.campaign"].browse(
            {vals["promo_campaign_id"] for vals in vals_list if vals.get("promo_campaign_id")}
        )
        source_of = {campaign.id: campaign.order_source_id.id for campaign in campaigns}
        for vals in vals_list:
            if vals.get("promo_campaign_id"):
                vals.setdefault("order_source_id", source_of[vals["promo_campaign_id"]])
                vals.setdefault("validation_state", "pending")
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("promo_campaign_id"):
            campaign = self.env["promo.campaign"].browse(vals["promo_campaign_id"])
            vals = dict(vals, order_source_id=campaign.order_source_id.id)
        return super().write(vals)

    def _order_revalidate_fields(self):
        return super()._order_revalidate_fields() | {"promo_declared_points", "promo_campaign_id"}

    # ------------------------------------------------------------ validation
    def _order_validation_issues(self):
        """Campaign orders are checked against the rules of their campaign."""
        campaign_orders = self.filtered("promo_campaign_id")
        found = super(SaleOrder, self - campaign_orders)._order_validation_issues()
        found.update(self.env["promo.intake"]._campaign_issues(campaign_orders))
        return found

    def _order_hold_reasons(self):
        """Campaigns that do not confirm valid orders automatically wait for a user."""
        holds = super()._order_hold_reasons()
        holds.update(
            {
                order.id: "manual_confirmation"
                for order in self
                if order.promo_campaign_id and not order.promo_campaign_id.auto_confirm
            }
        )
        return holds

    def _confirmation_error_message(self):
        """Veto: a line without a size is never shipped."""
        error = super()._confirmation_error_message()
        if error or not any(self.order_line.mapped("promo_size_missing")):
            return error
        return self.env._(
            "%(order)s cannot be confirmed: a size is missing on a line.",
            order=self.display_name,
        )

    # ---------------------------------------------------------- self-service
    def _clearing_portal_values(self, token):
        """The customer chooses the missing sizes on the self-service page."""
        values = super()._clearing_portal_values(token)
        values["size_lines"] = [
            {
                "line": line,
                "variants": [
                    {
                        "id": variant.id,
                        "size": ", ".join(
                            variant.product_template_attribute_value_ids.mapped("name")
                        ),
                    }
                    for variant in line.product_id.product_tmpl_id.product_variant_ids
                ],
            }
            for line in self.order_line.filtered("promo_size_missing")
        ]
        return values

    def _clearing_apply_customer_fix(self, post):
        for item in self._clearing_portal_values(token=None)["size_lines"]:
            line = item["line"]
            chosen = post.get(f"size_{line.id}")
            allowed = {variant["id"] for variant in item["variants"]}
            if chosen and chosen.isdigit() and int(chosen) in allowed:
                line.product_id = int(chosen)
        return super()._clearing_apply_customer_fix(post)

    def _clearing_fixable_issues(self):
        issues = super()._clearing_fixable_issues()
        return issues | self.issue_ids.filtered(
            lambda i: i.severity == "block" and i.rule == "size"
        )
