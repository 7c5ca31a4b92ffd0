from odoo import fields, models


class ClearingTeam(models.Model):
    """A group of clearing clerks; reasons route their orders to one team."""

    _name = "clearing.team"
    _description = "Clearing Team"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one("res.users", string="Team Lead")
    member_ids = fields.Many2many(
        "res.users",
        "clearing_team_member_rel",
        "team_id",
        "user_id",
        string="Clerks",
        domain=[("share", "=", False)],
    )
