from odoo import api, fields, models

PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]


class ServiceSlaPolicy(models.Model):
    """Deadlines of a queue's tickets of one priority, in the queue's working hours."""

    _name = "service.sla.policy"
    _description = "Ticket SLA Policy"
    _order = "queue_id, priority desc"

    name = fields.Char(compute="_compute_name", store=True)
    queue_id = fields.Many2one("service.queue", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="queue_id.company_id", store=True, index=True)
    priority = fields.Selection(PRIORITIES, required=True, default="1")
    first_response_hours = fields.Float(
        string="First Answer (working hours)", help="0 means no deadline."
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)", help="0 means no deadline."
    )

    _sql_constraints = [
        (
            "queue_priority_unique",
            "UNIQUE(queue_id, priority)",
            "A queue has one SLA policy per priority.",
        ),
        (
            "hours_positive",
            "CHECK(first_response_hours >= 0 AND resolution_hours >= 0)",
            "SLA hours cannot be negative.",
        ),
    ]

    @api.depends("queue_id.name", "priority")
    def _compute_name(self):
        labels = dict(self._fields["priority"]._description_selection(self.env))
        for policy in self:
            policy.name = f"{policy.queue_id.name or ''} / {labels.get(policy.priority, '')}"
