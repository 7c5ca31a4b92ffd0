from odoo import fields, models


class ClearingReason(models.Model):
    _inherit = "clearing.reason"

    ticket_enabled = fields.Boolean(
        string="Open Tickets",
        default=True,
        help="An order entering clearing for this reason opens a ticket in the queue below.",
    )
    ticket_queue_id = fields.Many2one("service.queue", string="Ticket Queue")
    ticket_reentry = fields.Selection(
        [("reopen", "Reopen the last ticket"), ("new", "Open a new ticket")],
        string="On Re-entry",
        default="reopen",
        required=True,
        help="What happens when an order enters clearing again after a ticket was solved.",
    )
