from odoo import fields, models

STAGE_KINDS = [
    ("new", "New"),
    ("progress", "In Progress"),
    ("waiting", "Waiting for Customer"),
    ("solved", "Solved"),
    ("closed", "Closed"),
]
DONE_KINDS = ("solved", "closed")


class ServiceTicketStage(models.Model):
    """A step of a ticket; ``kind`` tells automation what the stage means."""

    _name = "service.ticket.stage"
    _description = "Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(string="Folded in Kanban")
    kind = fields.Selection(STAGE_KINDS, required=True, default="progress", index=True)
    queue_ids = fields.Many2many(
        "service.queue",
        string="Queues",
        help="Queues that use this stage; empty means every queue.",
    )
    description = fields.Text(translate=True)
