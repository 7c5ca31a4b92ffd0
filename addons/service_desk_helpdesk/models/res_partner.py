from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    desk_ticket_ids = fields.Many2many(
        "service.ticket", compute="_compute_desk_ticket_ids", string="Tickets (Service)"
    )

    def _compute_desk_ticket_ids(self):
        tickets = self.env["service.ticket"]
        for partner in self:
            if not partner.id:
                partner.desk_ticket_ids = tickets
                continue
            partner.desk_ticket_ids = tickets.search(
                [("partner_id", "in", partner._desk_family().ids)], order="id desc"
            )

    def action_desk_new_ticket(self):
        """A new ticket for this customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.ticket",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_partner_id": self.id},
        }
