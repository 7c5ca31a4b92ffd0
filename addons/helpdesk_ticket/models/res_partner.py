from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    ticket_review_needed = fields.Boolean(
        string="Check Contact (Tickets)",
        index=True,
        copy=False,
        help="Created from an unknown sender's mail: check and merge it with the right customer.",
    )
    service_ticket_ids = fields.One2many("service.ticket", "partner_id", string="Tickets")
    service_ticket_count = fields.Integer(
        compute="_compute_service_ticket_count", string="Ticket Count"
    )

    def _compute_service_ticket_count(self):
        groups = self.env["service.ticket"]._read_group(
            [("partner_id", "child_of", self.commercial_partner_id.ids)],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.service_ticket_count = sum(
                count
                for partner_id, count in counts.items()
                if partner_id == partner.id or partner_id in partner.child_ids.ids
            )

    def action_view_service_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("helpdesk_ticket.service_ticket_action")
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_ticket_contact_checked(self):
        self.check_access("write")
        self.write({"ticket_review_needed": False})
        return True
