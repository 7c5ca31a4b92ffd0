import logging

from odoo import api, models

from clearhouse.tickets import is_automatic_mail, parse_reference

_logger = logging.getLogger(__name__)


class MailThread(models.AbstractModel):
    """Routing of incoming mail to tickets: references in subjects, automatic mails."""

    _inherit = "mail.thread"

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        routes = super().message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values
        )
        return self._ticket_adjust_routes(message, message_dict, routes)

    @api.model
    def _ticket_adjust_routes(self, message, message_dict, routes):
        """New-ticket routes become replies when the subject names a ticket ([T-000042]).

        Automatic mails (auto-replies, bounces) never open a ticket: they are added to the
        ticket they name, or only logged.
        """
        if not any(route[0] == "service.ticket" for route in routes):
            return routes
        automatic = is_automatic_mail(dict(message.items()))
        if automatic and all(route[0] == "service.ticket" for route in routes):
            # Read (and removed) by service.ticket.message_update: no reopening.
            message_dict["ticket_automatic"] = automatic
        if not any(route[0] == "service.ticket" and not route[1] for route in routes):
            return routes
        reference = parse_reference(message_dict.get("subject"))
        ticket = self.env["service.ticket"]
        if reference:
            # sudo: the gateway user routes mail; the ticket's own rules apply when posting.
            ticket = ticket.sudo().search([("number", "=", reference)], limit=1).sudo(False)
        adjusted = []
        for route in routes:
            model, thread, values, user_id, alias = route
            if model != "service.ticket" or thread:
                adjusted.append(route)
            elif ticket:
                adjusted.append((model, ticket.id, values, user_id, alias))
            elif automatic:
                _logger.info(
                    "Automatic mail (%s) from %s with Message-Id %s opens no ticket",
                    automatic,
                    message_dict.get("email_from"),
                    message_dict.get("message_id"),
                )
            else:
                adjusted.append(route)
        return adjusted
