from odoo import fields, models


class ServiceQueue(models.Model):
    _inherit = "service.queue"

    ticket_sync_problems = fields.Boolean(
        string="Shop Sync Problems",
        help="Shop exports that gave up open a ticket in this queue (the first such queue "
        "of the company).",
    )
