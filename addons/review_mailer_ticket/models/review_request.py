from markupsafe import Markup

from odoo import _, models


class ReviewRequest(models.Model):
    _inherit = "review.request"

    def _review_ticket_vals(self, subject, description):
        self.ensure_one()
        return {
            "name": subject,
            "partner_id": self.order_id.partner_id.id,
            "order_id": self.order_id.id,
            "queue_id": self.source_id.review_queue_id.id,
            "company_id": self.company_id.id,
            "description": description,
            "res_model": self._name,
            "res_id": self.id,
        }

    def _review_low_rating(self):
        """A ticket in the source's queue instead of an activity, where the source has one."""
        if not self.source_id.review_queue_id:
            return super()._review_low_rating()
        # sudo: the customer's click (public) opens the ticket; staff work on it.
        return (
            self.env["service.ticket"]
            .sudo()
            .create(
                self._review_ticket_vals(
                    _(
                        "Low rating %(rating)s/5 for %(order)s",
                        rating=self.rating,
                        order=self.order_id.name,
                    ),
                    Markup("<p>%s</p>") % (self.feedback or ""),
                )
            )
        )

    def _review_feedback_received(self):
        result = super()._review_feedback_received()
        tickets = self._review_tickets()
        for ticket in tickets:
            ticket.message_post(
                body=_("Feedback: %(text)s", text=self.feedback),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return result

    def _review_tickets(self):
        # sudo: tickets opened for this request, read to add the customer's words.
        return (
            self.env["service.ticket"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )

    def _review_reply_received(self, message):
        """A reply to the request mail becomes a ticket in the source's queue."""
        if not self.source_id.review_queue_id:
            return super()._review_reply_received(message)
        vals = self._review_ticket_vals(
            message.subject or _("Reply to the review request for %(order)s", order=self.name),
            message.body,
        )
        vals["partner_id"] = message.author_id.id or vals["partner_id"]
        # sudo: the mail gateway delivers the reply; staff work on the ticket.
        ticket = self.env["service.ticket"].sudo().create(vals)
        if message.attachment_ids:
            message.attachment_ids.sudo().copy({"res_model": ticket._name, "res_id": ticket.id})
        return ticket
