"""Customer portal: /my/tickets (list, detail with chatter, new ticket about an order)."""

from markupsafe import Markup

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20


class TicketPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "ticket_count" in counters:
            Ticket = request.env["service.ticket"]
            values["ticket_count"] = (
                Ticket.search_count(self._ticket_domain()) if Ticket.has_access("read") else 0
            )
        return values

    def _ticket_domain(self):
        partner = request.env.user.partner_id
        return [("partner_id", "child_of", partner.commercial_partner_id.id)]

    def _ticket_orders(self):
        """The orders a customer may open a ticket about: their own (record rules apply)."""
        SaleOrder = request.env["sale.order"]
        if not SaleOrder.has_access("read"):
            return SaleOrder
        partner = request.env.user.partner_id
        return SaleOrder.search(
            [
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("state", "in", ("sale", "done")),
            ],
            order="date_order desc",
            limit=50,
        )

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_tickets(self, page=1, **kw):
        Ticket = request.env["service.ticket"]
        domain = self._ticket_domain()
        count = Ticket.search_count(domain)
        pager = portal_pager(url="/my/tickets", total=count, page=page, step=PAGE_SIZE)
        tickets = Ticket.search(domain, limit=PAGE_SIZE, offset=pager["offset"], order="id desc")
        request.session["my_tickets_history"] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({"tickets": tickets, "pager": pager, "page_name": "ticket"})
        return request.render("helpdesk_ticket.portal_my_tickets", values)

    @http.route(["/my/tickets/<int:ticket_id>"], type="http", auth="public", website=True)
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access("service.ticket", ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            ticket_sudo,
            access_token,
            {"ticket": ticket_sudo, "page_name": "ticket"},
            "my_tickets_history",
            False,
            **kw,
        )
        return request.render("helpdesk_ticket.portal_my_ticket", values)

    @http.route(["/my/tickets/new"], type="http", auth="user", website=True, methods=["GET"])
    def portal_new_ticket(self, order_id=None, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "orders": self._ticket_orders(),
                "order_id": int(order_id) if order_id and str(order_id).isdigit() else False,
                "page_name": "ticket",
                "error": kw.get("error"),
            }
        )
        return request.render("helpdesk_ticket.portal_new_ticket", values)

    @http.route(["/my/tickets/new"], type="http", auth="user", website=True, methods=["POST"])
    def portal_create_ticket(self, subject="", description="", order_id=None, **kw):
        subject = (subject or "").strip()
        if not subject:
            return request.redirect("/my/tickets/new?error=subject")
        order = request.env["sale.order"]
        if order_id and str(order_id).isdigit():
            # Only an order the customer may read (record rules): another customer's id is refused.
            order = self._ticket_orders().filtered(lambda o: o.id == int(order_id))
            if not order:
                return request.redirect("/my/tickets/new?error=order")
        partner = request.env.user.partner_id
        queue = request.env["service.queue"].sudo()._portal_queue(partner.company_id)
        # sudo: portal users cannot create tickets through the ORM (no create right); the
        # values are fixed here: their own partner, their own order, the portal queue.
        ticket = (
            request.env["service.ticket"]
            .sudo()
            .create(
                {
                    "name": subject[:200],
                    "description": Markup("<p>%s</p>") % description if description else False,
                    "partner_id": partner.id,
                    "order_id": order.id or False,
                    "queue_id": queue.id or False,
                    "company_id": (
                        queue.company_id or partner.company_id or request.env.company
                    ).id,
                }
            )
        )
        ticket.message_subscribe(partner_ids=partner.ids)
        return request.redirect(f"/my/tickets/{ticket.id}")
