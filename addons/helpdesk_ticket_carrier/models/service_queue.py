from odoo import fields, models


class ServiceQueue(models.Model):
    _inherit = "service.queue"

    ticket_transfer_problems = fields.Boolean(
        string="Transfer Problems",
        help="Transfers to logistics partners that gave up open a ticket in this queue (the "
        "first such queue of the company).",
    )
    ticket_parcel_problems = fields.Boolean(
        string="Returned/Lost Parcels",
        help="Deliveries the logistics partner reports returned or lost open a ticket in this "
        "queue (the first such queue of the company).",
    )
