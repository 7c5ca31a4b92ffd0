import re

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import TicketCommon


@tagged("post_install", "-at_install")
class TestTickets(TicketCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["clearhouse.order.source"].create(
            {"name": "Phone Orders", "code": "TICKET-TEST", "kind": "phone"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Ticket Mug", "type": "consu", "list_price": 12.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_source_id": cls.source.id,
                "external_ref": "TK-1",
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )

    def test_reference_follows_sequence(self):
        first, second = self._ticket(), self._ticket()
        self.assertRegex(first.number, r"^T-\d{6}$")
        self.assertEqual(
            int(second.number[2:]), int(first.number[2:]) + 1, "references are consecutive"
        )
        self.assertEqual(first.display_name, f"[{first.number}] Where is my parcel?")

    def test_order_fills_customer_and_smart_buttons_both_ways(self):
        ticket = self.env["service.ticket"].create(
            {"name": "Wrong size", "order_id": self.order.id, "queue_id": self.queue.id}
        )
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(self.order.service_ticket_count, 1)
        self.assertEqual(self.customer.service_ticket_count, 1)
        action = self.order.action_view_service_tickets()
        self.assertEqual(self.env["service.ticket"].search(action["domain"]), ticket)
        action = self.customer.action_view_service_tickets()
        self.assertEqual(self.env["service.ticket"].search(action["domain"]), ticket)
        self.assertEqual(ticket.action_open_order()["res_id"], self.order.id)
        self.assertEqual(ticket.action_open_customer()["res_id"], self.customer.id)

    def test_generic_source_reference(self):
        ticket = self._ticket(res_model="sale.order", res_id=self.order.id)
        self.assertEqual(ticket.source_display, self.order.display_name)
        self.assertEqual(ticket.action_open_source()["res_id"], self.order.id)

    @freeze_time("2026-12-04 14:00:00")  # Friday 15:00 Berlin
    def test_sla_deadlines_count_working_hours(self):
        ticket = self._ticket()
        # 2 working hours from Fri 15:00 end Fri 17:00 (16:00 UTC); 16 hours end Tue 15:00.
        self.assertEqual(str(ticket.first_response_deadline), "2026-12-04 16:00:00")
        self.assertEqual(str(ticket.resolution_deadline), "2026-12-08 14:00:00")
        ticket.priority = "3"
        self.assertFalse(ticket.first_response_deadline, "no policy for urgent: no deadline")

    def test_first_answer_and_solving_are_measured(self):
        ticket = self._ticket()
        ticket.message_post(body="internal", subtype_xmlid="mail.mt_note", message_type="comment")
        self.assertFalse(ticket.first_response_at, "a note is no answer")
        ticket.with_user(self.morning1).message_post(
            body="We are on it", subtype_xmlid="mail.mt_comment", message_type="comment"
        )
        self.assertTrue(ticket.first_response_at)
        ticket.action_solve()
        self.assertEqual(ticket.stage_id, self.stage_solved)
        self.assertTrue(ticket.solved_at)
        self.assertFalse(ticket.is_open)
        self.assertIn(ticket, self.env["service.ticket"].search([("is_open", "=", False)]))

    def test_form_creates_ticket(self):
        form = Form(self.env["service.ticket"].with_user(self.morning1))
        form.name = "Call back"
        form.partner_id = self.customer
        form.queue_id = self.queue
        ticket = form.save()
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertTrue(re.match(r"T-\d{6}", ticket.number))

    def test_ticket_user_cannot_delete_or_configure(self):
        ticket = self._ticket()
        with self.assertRaises(AccessError):
            ticket.with_user(self.morning1).unlink()
        with self.assertRaises(AccessError):
            self.queue.with_user(self.morning1).write({"name": "Mine"})
        ticket.with_user(self.manager).unlink()
        self.assertFalse(ticket.exists())

    def test_other_company_ticket_is_invisible(self):
        other = self.env["res.company"].create({"name": "Other Service GmbH"})
        ticket = self._ticket(company_id=other.id, queue_id=False)
        self.assertFalse(
            self.env["service.ticket"].with_user(self.morning1).search([("id", "=", ticket.id)])
        )

    def test_portal_user_reads_only_own_tickets(self):
        portal = new_test_user(self.env, login="tk_portal", groups="base.group_portal")
        own = self._ticket(partner_id=portal.partner_id.id)
        foreign = self._ticket()
        visible = self.env["service.ticket"].with_user(portal).search([])
        self.assertEqual(visible, own)
        with self.assertRaises(AccessError):
            foreign.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            own.with_user(portal).write({"name": "changed"})
