import json

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TicketCommon


@tagged("post_install", "-at_install")
class TestPortal(TicketCommon, HttpCase):
    """Acceptance 4: portal tickets about one's orders; nobody sees another's (IDOR)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.queue.portal_default = True
        cls.portal = new_test_user(
            env, login="tk_portal_anna", groups="base.group_portal", name="Anna Portal"
        )
        cls.other = new_test_user(
            env, login="tk_portal_bert", groups="base.group_portal", name="Bert Portal"
        )
        source = env["clearhouse.order.source"].create(
            {"name": "Portal Orders", "code": "TICKET-PORTAL", "kind": "phone"}
        )
        product = env["product.product"].create(
            {"name": "Hoodie", "type": "consu", "is_storable": False, "list_price": 30.0}
        )
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.portal.partner_id.id,
                "order_source_id": source.id,
                "external_ref": "TK-PORTAL-1",
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        cls.order.action_confirm()
        carrier_product = env["product.product"].create({"name": "Parcel", "type": "service"})
        carrier = env["delivery.carrier"].create(
            {
                "name": "Parcel Service",
                "product_id": carrier_product.id,
                "delivery_type": "fixed",
                "tracking_url": "https://track.example.com/<shipmenttrackingnumber>",
            }
        )
        cls.order.picking_ids.write({"carrier_id": carrier.id, "carrier_tracking_ref": "TRK-4711"})

    def test_portal_ticket_flow_and_idor(self):
        self.assertTrue(self.order.picking_ids, "the confirmed order has a delivery")
        self.start_tour(
            f"/my/orders/{self.order.id}", "helpdesk_ticket_portal_tour", login="tk_portal_anna"
        )
        ticket = self.env["service.ticket"].search([("order_id", "=", self.order.id)])
        self.assertEqual(len(ticket), 1, "the tour opened one ticket about the order")
        self.assertEqual(ticket.partner_id, self.portal.partner_id)
        self.assertEqual(ticket.queue_id, self.queue)

        # An agent answers from the back office.
        ticket.with_user(self.morning1).message_post(
            body="We send the right size today.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # The customer sees the answer in the ticket's portal chatter and replies.
        self.authenticate("tk_portal_anna", "tk_portal_anna")
        page = self.url_open(f"/my/tickets/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.number, page.text)
        messages = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "service.ticket", "thread_id": ticket.id}
        )
        self.assertIn("We send the right size today.", json.dumps(messages))
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "service.ticket",
                "thread_id": ticket.id,
                "post_data": {"body": "Thank you!", "message_type": "comment"},
            },
        )
        self.assertIn("Thank you!", ticket.message_ids[0].body)
        listing = self.url_open("/my/tickets")
        self.assertIn(ticket.number, listing.text)

        # Another customer is refused the ticket, the list, and the order.
        self.authenticate("tk_portal_bert", "tk_portal_bert")
        refused = self.url_open(f"/my/tickets/{ticket.id}")
        self.assertNotIn("We send the right size today.", refused.text)
        self.assertNotIn(ticket.number, refused.text, "another customer's ticket is refused")
        self.assertTrue(refused.url.endswith("/my"), refused.url)
        self.assertNotIn(ticket.number, self.url_open("/my/tickets").text)
        foreign = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": "service.ticket", "thread_id": ticket.id}
        )
        self.assertNotIn("We send the right size today.", json.dumps(foreign))

    def test_new_ticket_about_foreign_order_is_refused(self):
        self.authenticate("tk_portal_bert", "tk_portal_bert")
        response = self.url_open(
            "/my/tickets/new",
            data={
                "subject": "Not mine",
                "order_id": str(self.order.id),
                "csrf_token": self._csrf_token(),
            },
        )
        self.assertIn("error=order", response.url)
        self.assertFalse(self.env["service.ticket"].search([("name", "=", "Not mine")]))

    def _csrf_token(self):
        page = self.url_open("/my/tickets/new")
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        return page.text[start : page.text.index('"', start)]
