from odoo import fields, models
from odoo.exceptions import AccessError


class PointsStore(models.Model):
    """A store whose tills send receipts; its API users may send only its receipts."""

    _name = "points.store"
    _description = "Loyalty Store"
    _inherit = ["mail.thread"]
    _order = "code"

    name = fields.Char(required=True)
    code = fields.Char(required=True, index=True)
    active = fields.Boolean(default=True)
    program_id = fields.Many2one("points.program", required=True, index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    api_user_ids = fields.Many2many(
        "res.users",
        string="API Users",
        help="Technical users of this store's tills (group Loyalty API).",
    )
    receipt_count = fields.Integer(compute="_compute_receipt_count")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The store code must be unique."),
    ]

    def _compute_receipt_count(self):
        counts = dict(
            self.env["points.receipt"]._read_group(
                [("store_id", "in", self.ids)], ["store_id"], ["__count"]
            )
        )
        for store in self:
            store.receipt_count = counts.get(store, 0)

    def _api_store(self, code):
        """The store ``code`` if the current user may send its receipts, else AccessError."""
        user = self.env.user
        is_manager = user.has_group("loyalty_points.loyalty_points_group_manager")
        if not (is_manager or user.has_group("loyalty_points.loyalty_points_group_api")):
            raise AccessError(self.env._("Only loyalty API users may call the till API."))
        # The lookup by code happens before the user's rights are known to match it;
        # the check below decides.
        store = self.sudo().search([("code", "=", code)], limit=1)
        if not store or not (is_manager or user in store.api_user_ids):
            raise AccessError(self.env._("Store %(code)s is unknown or not yours.", code=code))
        return store
