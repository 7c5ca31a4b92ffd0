from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class ServiceQueueShift(models.Model):
    """A member's weekly time window on a queue, in the company's time zone."""

    _name = "service.queue.shift"
    _description = "Queue Shift"
    _order = "queue_id, weekday, hour_from, user_id"

    queue_id = fields.Many2one("service.queue", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="queue_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        index=True,
        domain=[("share", "=", False)],
    )
    weekday = fields.Selection(WEEKDAYS, required=True, default="0")
    hour_from = fields.Float(string="From", required=True, default=8.0)
    hour_to = fields.Float(string="To", required=True, default=12.0)

    @api.constrains("hour_from", "hour_to")
    def _check_hours(self):
        for shift in self:
            if not 0 <= shift.hour_from < shift.hour_to <= 24:
                raise ValidationError(
                    self.env._(
                        "Shift of %(user)s on %(queue)s: 'From' must be before 'To', "
                        "both between 00:00 and 24:00.",
                        user=shift.user_id.name,
                        queue=shift.queue_id.name,
                    )
                )
