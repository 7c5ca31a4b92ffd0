from odoo import fields, models

from .promo_campaign_rule import RULE_SELECTION


class PromoOrderIssue(models.Model):
    """One finding of the validation of a campaign order (rule, field, message)."""

    _name = "promo.order.issue"
    _description = "Campaign Order Validation Issue"
    _order = "order_id, severity, sequence, id"
    _rec_name = "message"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    campaign_id = fields.Many2one(related="order_id.promo_campaign_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    rule = fields.Selection(
        RULE_SELECTION + [("rule_error", "Rule error")], required=True, index=True
    )
    code = fields.Char(required=True, index=True, help="Technical code of the finding.")
    field_name = fields.Char(string="Field", help="Order field the issue concerns.")
    order_line_id = fields.Many2one("sale.order.line", string="Order Line", ondelete="cascade")
    line_index = fields.Integer(help="Position of the concerned line in the order (1 = first).")
    message = fields.Char(required=True)
    severity = fields.Selection(
        [("block", "Block"), ("warn", "Warn")], required=True, default="block", index=True
    )
    suggestion = fields.Char(help="A value that would fix the issue, where one can be computed.")
