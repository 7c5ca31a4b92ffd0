from odoo import fields, models


class ClearhouseOrderSource(models.Model):
    _inherit = "clearhouse.order.source"

    review_queue_id = fields.Many2one(
        "service.queue",
        string="Review Ticket Queue",
        check_company=True,
        help="Low ratings and replies to review requests of this source open tickets here. "
        "Empty: an activity on the order and the order's chatter.",
    )
