from odoo.tests import TransactionCase, tagged

from odoo.addons.carrier_exchange.tests.common import ExchangeFixturesMixin


@tagged("post_install", "-at_install")
class TestParcelTickets(ExchangeFixturesMixin, TransactionCase):
    """Returned or lost parcels reported in a confirmation file open one ticket each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()
        orders = cls._orders([(cls._customer(), [(cls.mug, 1)]) for _i in range(3)])
        cls.deliveries = cls._deliveries(orders).sorted("id")
        cls.nord.write({"protocol": "email", "email_to": "orders@nord.example"})
        cls.nord._exchange_collect()
        cls._send_due()
        cls.queue = cls.env["service.queue"].create(
            {"name": "Parcels", "alias_name": "tk-parcels", "ticket_parcel_problems": True}
        )
        cls.env["service.queue"].create({"name": "Other", "alias_name": "tk-parcels-other"})

    def _tickets(self):
        return self.env["service.ticket"].search([("parcel_event", "!=", False)])

    def test_returned_and_lost_parcels_open_one_ticket_each(self):
        first, second, third = self.deliveries
        self._upload(
            self.nord,
            "s.xml",
            self._confirmation_xml(
                [(first.name, "shipped", ["T5"], "DHL"), (third.name, "shipped", ["T6"], "DHL")]
            ),
        )
        self.assertFalse(self._tickets(), "shipped parcels open no ticket")
        self._upload(
            self.nord,
            "r.xml",
            self._confirmation_xml(
                [(first.name, "returned", [], ""), (second.name, "lost", [], "")]
            ),
        )
        tickets = self._tickets()
        self.assertEqual(len(tickets), 2)
        returned = tickets.filtered(lambda t: t.picking_id == first)
        self.assertEqual(returned.parcel_event, "returned")
        self.assertEqual(returned.queue_id, self.queue)
        self.assertEqual(returned.order_id, first.sale_id)
        self.assertEqual(returned.partner_id, first.sale_id.partner_id)
        self.assertIn(first.name, returned.name)
        lost = tickets.filtered(lambda t: t.picking_id == second)
        self.assertEqual(lost.parcel_event, "lost")
        self.assertEqual(lost.order_id, second.sale_id)
        # the same report again (a resent file) opens nothing new
        self._upload(
            self.nord, "r2.xml", self._confirmation_xml([(first.name, "returned", [], "")])
        )
        self.assertEqual(self._tickets(), tickets, "never twice for the same delivery and event")

    def test_no_flagged_queue_no_ticket(self):
        self.queue.ticket_parcel_problems = False
        first = self.deliveries[0]
        self._upload(self.nord, "r.xml", self._confirmation_xml([(first.name, "returned", [], "")]))
        self.assertEqual(first.exchange_state, "returned")
        self.assertFalse(self._tickets())
