from odoo import fields, models


class ServiceTicketTag(models.Model):
    """Free labels for tickets (reporting, filters)."""

    _name = "service.ticket.tag"
    _description = "Ticket Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_unique", "UNIQUE(name)", "A ticket tag with this name exists.")]
