from markupsafe import Markup

from odoo import api, fields, models


class ClearingEpisode(models.Model):
    """Each stay of an order in clearing is a ticket someone owns."""

    _inherit = "clearing.episode"

    ticket_id = fields.Many2one("service.ticket", string="Ticket", index=True, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        episodes = super().create(vals_list)
        episodes._ticket_open()
        return episodes

    def _ticket_open(self):
        """New ticket per episode, or the order's last ticket reopened (per reason)."""
        # sudo: clearing runs for automation and API users who hold no ticket rights.
        episodes = self.sudo().filtered(
            lambda e: e.reason_id.ticket_enabled and e.reason_id.ticket_queue_id
        )
        if not episodes:
            return
        previous = self.sudo().search(
            [
                ("order_id", "in", episodes.order_id.ids),
                ("id", "not in", episodes.ids),
                ("ticket_id", "!=", False),
            ],
            order="entered_at desc, id desc",
        )
        last_ticket = {}
        for episode in previous:
            last_ticket.setdefault(episode.order_id.id, episode.ticket_id)
        reopen = episodes.filtered(
            lambda e: e.reason_id.ticket_reentry == "reopen" and e.order_id.id in last_ticket
        )
        for episode in reopen:
            ticket = last_ticket[episode.order_id.id]
            episode.ticket_id = ticket
            ticket.write({"clearing_episode_id": episode.id, "res_id": episode.id})
            ticket._ticket_reopen(episode._ticket_description())
        new = episodes - reopen
        tickets = (
            self.env["service.ticket"]
            .sudo()
            .create([episode._prepare_ticket_vals() for episode in new])
        )
        for episode, ticket in zip(new, tickets, strict=True):
            episode.ticket_id = ticket

    def _prepare_ticket_vals(self):
        self.ensure_one()
        order = self.order_id
        return {
            "name": self.env._(
                "Order %(order)s in clearing: %(reason)s",
                order=order.name,
                reason=self.reason_id.name,
            ),
            "partner_id": order.partner_id.id,
            "order_id": order.id,
            "queue_id": self.reason_id.ticket_queue_id.id,
            "company_id": order.company_id.id,
            "priority": self.reason_id.priority,
            "description": self._ticket_description(),
            "res_model": self._name,
            "res_id": self.id,
            "clearing_episode_id": self.id,
        }

    def _ticket_description(self):
        self.ensure_one()
        issues = self.order_id.issue_ids.mapped("message")
        parts = [
            Markup("<p><strong>%s</strong> %s</p>") % (self.env._("Reason:"), self.reason_id.name),
        ]
        if self.message:
            parts.append(Markup("<p>%s</p>") % self.message)
        if issues:
            parts.append(
                Markup("<ul>%s</ul>")
                % Markup().join(Markup("<li>%s</li>") % issue for issue in issues if issue)
            )
        if self.reason_id.instructions:
            parts.append(Markup("<div>%s</div>") % self.reason_id.instructions)
        return Markup().join(parts)

    def _ticket_close(self, outcome, text=False):
        """The order left clearing: solve the episode's ticket with a note saying how."""
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        for episode in self.sudo().filtered("ticket_id"):
            note = self.env._(
                "Order %(order)s left clearing (%(outcome)s).",
                order=episode.order_id.name,
                outcome=labels.get(outcome),
            )
            if text:
                note = f"{note} {text}"
            episode.ticket_id._ticket_solve(note)
