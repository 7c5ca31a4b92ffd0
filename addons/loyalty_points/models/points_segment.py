from odoo import api, fields, models
from odoo.tools.safe_eval import safe_eval


class PointsSegment(models.Model):
    """A saved selection of cards (revenue band, store, last purchase, birth month...)."""

    _name = "points.segment"
    _description = "Loyalty Customer Segment"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    program_id = fields.Many2one("points.program", required=True, index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    domain = fields.Char(default="[]", required=True, help="Filter on loyalty accounts.")
    account_count = fields.Integer(compute="_compute_account_count")

    def _account_domain(self):
        self.ensure_one()
        # A domain is data (a literal list), evaluated without access to any object.
        return [("program_id", "=", self.program_id.id)] + safe_eval(self.domain or "[]")

    @api.depends("domain", "program_id")
    def _compute_account_count(self):
        for segment in self:
            segment.account_count = self.env["points.account"].search_count(
                segment._account_domain()
            )

    def _account_query(self):
        """The accounts of the segment as a sub-query (for the runs' SQL)."""
        return self.env["points.account"]._search(self._account_domain())

    def action_open_accounts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "points.account",
            "view_mode": "list,form",
            "domain": self._account_domain(),
        }
