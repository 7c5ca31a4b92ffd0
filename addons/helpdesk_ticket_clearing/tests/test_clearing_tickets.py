from odoo import Command
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

HOLDS = ("note", "packstation", "value", "duplicate")


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 08:00:00")  # Tuesday 09:00 Berlin: the morning member is on shift
class TestClearingTickets(TransactionCase):
    """Acceptance 1: an order entering clearing gets a ticket; leaving it solves the ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.partner_id.tz = "Europe/Berlin"
        cls.source = env["clearhouse.order.source"].create(
            {"name": "Phone Orders", "code": "TICKET-CLEARING", "kind": "phone"}
        )
        # Automatic holds are promo_clearing's business; keep them out of the way.
        cls.source.write({f"clearing_hold_{hold}": "off" for hold in HOLDS})
        cls.product = env["product.product"].create(
            {"name": "Clearing Mug", "type": "consu", "list_price": 12.0, "weight": 0.5}
        )
        cls.agent = new_test_user(
            env,
            login="tk_clearing_agent",
            groups="helpdesk_ticket.helpdesk_ticket_group_user,"
            "promo_clearing.promo_clearing_group_clerk",
        )
        cls.queue = cls.env["service.queue"].create(
            {
                "name": "Clearing",
                "alias_name": "tk-clearing",
                "distribution_method": "round_robin",
                "shift_ids": [
                    (
                        0,
                        0,
                        {
                            "user_id": cls.agent.id,
                            "weekday": str(d),
                            "hour_from": 8.0,
                            "hour_to": 17.0,
                        },
                    )
                    for d in range(5)
                ],
            }
        )
        cls.reason = cls.env.ref("promo_clearing.clearing_reason_manual")
        cls.reason.write(
            {"ticket_enabled": True, "ticket_queue_id": cls.queue.id, "ticket_reentry": "reopen"}
        )

    def _in_clearing(self, ref):
        partner = self.env["res.partner"].create(
            {
                "name": f"Customer {ref}",
                "email": f"{ref.lower()}@example.com",
                "street": "Invalidenstraße 116",
                "zip": "10115",
                "city": "Berlin",
                "country_id": self.env.ref("base.de").id,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_source_id": self.source.id,
                "external_ref": ref,
                "validation_state": "pending",
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order._order_validate()
        order._send_to_clearing("manual", "Customer called: check the address")
        return order

    def _tickets(self, order):
        return self.env["service.ticket"].search([("order_id", "=", order.id)])

    def test_order_entering_clearing_gets_assigned_ticket(self):
        order = self._in_clearing("CLR-1")
        ticket = self._tickets(order)
        self.assertEqual(len(ticket), 1, "one ticket per clearing episode")
        self.assertEqual(ticket.queue_id, self.queue)
        self.assertEqual(
            ticket.user_id, self.agent, "the distribution assigned the member on shift"
        )
        self.assertEqual(ticket.partner_id, order.partner_id)
        self.assertEqual(ticket.clearing_episode_id, order.clearing_episode_ids)
        self.assertIn("check the address", ticket.description)

    def test_release_solves_ticket_with_note(self):
        order = self._in_clearing("CLR-2")
        order.action_clearing_release()
        ticket = self._tickets(order)
        self.assertEqual(ticket.stage_kind, "solved", "releasing the order solves the ticket")
        self.assertIn("left clearing", ticket.message_ids[0].body)

    def test_cancel_solves_ticket(self):
        order = self._in_clearing("CLR-3")
        wizard = self.env["clearing.cancel.wizard"].create(
            {
                "order_ids": [Command.set(order.ids)],
                "reason": "Customer withdrew",
                "send_mail": False,
            }
        )
        wizard.action_cancel_orders()
        ticket = self._tickets(order)
        self.assertEqual(ticket.stage_kind, "solved")
        self.assertIn("Customer withdrew", ticket.message_ids[0].body)

    def test_reentry_reopens_or_opens_new_as_configured(self):
        order = self._in_clearing("CLR-4")
        order.action_clearing_release()
        order._send_to_clearing("manual", "Again")
        ticket = self._tickets(order)
        self.assertEqual(len(ticket), 1, "reopen: the same ticket")
        self.assertEqual(ticket.stage_kind, "progress")
        self.reason.ticket_reentry = "new"
        order.action_clearing_release()
        order._send_to_clearing("manual", "Third time")
        self.assertEqual(len(self._tickets(order)), 2, "new: a second ticket")

    def test_reason_switched_off_opens_no_ticket(self):
        self.reason.ticket_enabled = False
        order = self._in_clearing("CLR-5")
        self.assertFalse(self._tickets(order))
