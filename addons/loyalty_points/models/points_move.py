from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

KINDS = [
    ("earn", "Earned"),
    ("reverse", "Reversed"),
    ("convert", "Converted to Voucher"),
    ("expire", "Expired"),
    ("correction", "Manual Correction"),
]


class PointsMove(models.Model):
    """One line of the points ledger: booked once, never edited."""

    _name = "points.move"
    _description = "Loyalty Points Move"
    _order = "date desc, id desc"

    account_id = fields.Many2one("points.account", required=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(related="account_id.partner_id", store=True, index=True)
    program_id = fields.Many2one(related="account_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="account_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    kind = fields.Selection(KINDS, required=True, index=True)
    points = fields.Integer(required=True)
    revenue = fields.Monetary(help="Net revenue that earned (or gave back) these points.")
    reason = fields.Char(help="Why a manager corrected the balance.")
    order_id = fields.Many2one("sale.order", index="btree_not_null", ondelete="set null")
    receipt_id = fields.Many2one("points.receipt", index="btree_not_null", ondelete="cascade")
    run_id = fields.Many2one("points.run", index="btree_not_null", ondelete="set null")

    @api.constrains("kind", "reason")
    def _check_reason(self):
        for move in self:
            if move.kind == "correction" and not (move.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Card %(card)s: a manual correction needs a reason.",
                        card=move.account_id.card_number,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        manual = [vals for vals in vals_list if vals.get("kind") == "correction"]
        if manual and not self.env.user.has_group("loyalty_points.loyalty_points_group_manager"):
            raise AccessError(self.env._("Only loyalty managers may correct a balance."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("Points moves are never changed; book a correction."))
        return super().write(vals)

    def action_save_correction(self):
        """Button of the correction dialog (the record is saved by the client)."""
        return {"type": "ir.actions.act_window_close"}
