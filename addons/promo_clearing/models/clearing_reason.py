from odoo import fields, models

from .sale_order import OPEN_STATES


class ClearingReason(models.Model):
    """Why an order is in clearing, and what the clerk should do about it."""

    _name = "clearing.reason"
    _description = "Clearing Reason"
    _order = "priority desc, sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        index=True,
        help="Technical code other addons use to send orders to clearing "
        "(order._send_to_clearing(code, message)).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    priority = fields.Selection(
        [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")],
        default="1",
        required=True,
        index=True,
    )
    instructions = fields.Html(translate=True, help="What the clerk should check and do.")
    team_id = fields.Many2one("clearing.team", string="Responsible Team")
    kind = fields.Selection(
        [("validation", "Validation issue"), ("hold", "Automatic hold"), ("manual", "Manual hold")],
        default="manual",
        required=True,
        help="Validation issues are released as soon as the order validates; holds need a "
        "clerk's release.",
    )
    service_hours = fields.Integer(
        string="Service Time (Hours)",
        help="A case of this reason is due this many hours after it entered clearing (or at "
        "its source's deadline, whichever comes first). 0: only the source's deadline.",
    )
    customer_fixable = fields.Boolean(
        help="The customer can fix this through the self-service link (size, address, phone)."
    )
    order_count = fields.Integer(compute="_compute_order_count")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "A clearing reason with this code already exists."),
    ]

    def _compute_order_count(self):
        groups = self.env["sale.order"]._read_group(
            [
                ("clearing_reason_id", "in", self.ids),
                ("clearing_state", "in", OPEN_STATES),
            ],
            ["clearing_reason_id"],
            ["__count"],
        )
        counts = {reason.id: count for reason, count in groups}
        for reason in self:
            reason.order_count = counts.get(reason.id, 0)

    def _get_by_code(self, code):
        reason = self.with_context(active_test=False).search([("code", "=", code)], limit=1)
        return reason or self.env.ref("promo_clearing.clearing_reason_manual")
