from odoo import fields, models


class ServiceTicket(models.Model):
    _inherit = "service.ticket"

    clearing_episode_id = fields.Many2one(
        "clearing.episode", string="Clearing Case", index=True, readonly=True
    )
