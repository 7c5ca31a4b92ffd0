from odoo import api, fields, models
from odoo.exceptions import UserError

from .promo_campaign_rule import RULE_SELECTION

# Changing these on a draft campaign order makes its last validation stale.
REVALIDATE_FIELDS = {
    "partner_id",
    "partner_shipping_id",
    "order_line",
    "promo_declared_points",
    "promo_campaign_id",
}


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
    promo_channel = fields.Selection(
        [("api", "API"), ("file", "File"), ("manual", "Manual"), ("phone", "Phone")],
        string="Intake Channel",
        index=True,
    )
    promo_external_ref = fields.Char(
        string="External Reference",
        index=True,
        copy=False,
        help="Order number of the campaign website; unique per campaign.",
    )
    promo_declared_points = fields.Integer(
        string="Declared Points Balance",
        help="Points balance of the participant as declared with the order.",
    )
    promo_points_total = fields.Integer(
        string="Order Points", compute="_compute_promo_points_total", store=True
    )
    promo_customer_note = fields.Text(
        string="Customer Note", help="Note the participant left with the order."
    )
    promo_validation_state = fields.Selection(
        [("pending", "Pending"), ("valid", "Valid"), ("invalid", "Invalid")],
        string="Validation",
        index=True,
        copy=False,
        tracking=True,
    )
    promo_issue_ids = fields.One2many(
        "promo.order.issue", "order_id", string="Validation Issues", copy=False
    )
    promo_issue_count = fields.Integer(compute="_compute_promo_issue_count")
    promo_main_rule = fields.Selection(
        RULE_SELECTION + [("rule_error", "Rule error")],
        string="Main Issue",
        index=True,
        copy=False,
        help="Rule of the first blocking issue (or first warning): what to fix first.",
    )
    promo_shipping_country_id = fields.Many2one(
        related="partner_shipping_id.country_id",
        string="Delivery Country",
        store=True,
        index=True,
    )
    promo_import_batch_id = fields.Many2one(
        "promo.import.batch", string="Import Batch", index=True, copy=False, readonly=True
    )

    _sql_constraints = [
        (
            "promo_external_ref_unique",
            "UNIQUE(promo_campaign_id, promo_external_ref)",
            "An order with this external reference already exists in the campaign.",
        ),
    ]

    @api.depends("order_line.promo_points")
    def _compute_promo_points_total(self):
        for order in self:
            order.promo_points_total = sum(order.order_line.mapped("promo_points"))

    @api.depends("promo_issue_ids")
    def _compute_promo_issue_count(self):
        for order in self:
            order.promo_issue_count = len(order.promo_issue_ids)

    @api.onchange("promo_campaign_id")
    def _onchange_promo_campaign_id(self):
        if self.promo_campaign_id:
            if self.promo_campaign_id.team_id:
                self.team_id = self.promo_campaign_id.team_id
            if not self.promo_channel:
                self.promo_channel = "manual"
            self.promo_validation_state = "pending"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("promo_campaign_id") and not vals.get("promo_validation_state"):
                vals["promo_validation_state"] = "pending"
        return super().create(vals_list)

    def write(self, vals):
        if REVALIDATE_FIELDS.intersection(vals) and "promo_validation_state" not in vals:
            stale = self.filtered(lambda o: o.promo_campaign_id and o.state in ("draft", "sent"))
            if stale:
                super(SaleOrder, stale).write({"promo_validation_state": "pending"})
        return super().write(vals)

    def action_promo_validate(self):
        """Re-validate: one button, one method, also used by clearing."""
        orders = self.filtered("promo_campaign_id")
        orders._promo_validate()
        orders._promo_auto_confirm()
        return True

    def action_promo_validate_confirm(self):
        """Manual and phone entry: validate, confirm when clean, else show the issues."""
        orders = self.filtered("promo_campaign_id")
        orders._promo_validate()
        invalid = orders.filtered(lambda o: o.promo_validation_state != "valid")
        (orders - invalid).filtered(lambda o: o.state in ("draft", "sent")).action_confirm()
        if invalid:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "title": self.env._("Order not confirmed"),
                    "message": self.env._(
                        "%(count)s order(s) have blocking validation issues; see the Campaign tab.",
                        count=len(invalid),
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def _promo_validate(self):
        return self.env["promo.intake"]._validate_orders(self)

    def _promo_auto_confirm(self):
        """Automation's next step after validation; other addons hook in here."""
        return self._promo_confirm_valid()

    def _promo_confirm_valid(self):
        """Confirm valid orders of auto-confirming campaigns; a missing size never ships."""
        to_confirm = self.filtered(
            lambda o: (
                o.promo_validation_state == "valid"
                and o.promo_campaign_id.auto_confirm
                and o.state in ("draft", "sent")
                and not any(o.order_line.mapped("promo_size_missing"))
            )
        )
        if to_confirm:
            to_confirm.action_confirm()
        return to_confirm

    def action_confirm(self):
        campaign_orders = self.filtered("promo_campaign_id")
        pending = campaign_orders.filtered(lambda o: o.promo_validation_state != "valid")
        if pending:
            pending._promo_validate()
        blocked = campaign_orders.filtered(
            lambda o: (
                o.promo_validation_state != "valid"
                or any(o.order_line.mapped("promo_size_missing"))
            )
        )
        if blocked:
            details = "\n".join(
                "{}: {}".format(
                    order.display_name,
                    "; ".join(
                        order.promo_issue_ids.filtered(lambda i: i.severity == "block").mapped(
                            "message"
                        )
                    )
                    or self.env._("a size is missing"),
                )
                for order in blocked[:20]
            )
            raise UserError(
                self.env._(
                    "These campaign orders cannot be confirmed because of blocking "
                    "validation issues:\n%(details)s",
                    details=details,
                )
            )
        return super().action_confirm()
