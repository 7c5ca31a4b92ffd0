from lxml import etree

from odoo.tests import TransactionCase, tagged

from clearhouse.logistics.documents import DELIVERY_SCHEMA_PATH
from clearhouse.testservers import closed_port

from .common import ExchangeFixturesMixin

NS = {"d": "urn:clearhouse:logistics-delivery:1.0"}


@tagged("post_install", "-at_install")
class TestOutbound(ExchangeFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()
        cls.nord.write({"protocol": "email", "email_to": "orders@nord.example"})

    def test_one_document_per_partner_and_run_valid_against_the_schema(self):
        customers = [self._customer() for _i in range(3)]
        station = self._customer(street="Packstation 123", street2="12345678")
        orders = self._orders(
            [(c, [(self.mug, 1)]) for c in customers] + [(station, [(self.mug, 2)])]
        )
        deliveries = self._deliveries(orders)
        documents = self.nord._exchange_collect()
        self.assertEqual(len(documents), 1)
        self.assertEqual(documents.picking_ids, deliveries)
        self.assertEqual(documents.state, "queued")
        root = etree.fromstring(documents.attachment_id.raw)
        schema = etree.XMLSchema(etree.parse(str(DELIVERY_SCHEMA_PATH)))
        self.assertTrue(schema.validate(root), schema.error_log)
        refs = root.xpath("//d:delivery/@reference", namespaces=NS)
        self.assertEqual(sorted(refs), sorted(deliveries.mapped("name")))
        station_picking = deliveries.filtered(lambda p: p.partner_id == station)
        element = root.xpath(
            f"//d:delivery[@reference='{station_picking.name}']/d:packstation", namespaces=NS
        )[0]
        self.assertEqual((element.get("number"), element.get("post_number")), ("123", "12345678"))
        # A second run finds nothing new: nothing is collected twice.
        self.assertFalse(self.nord._exchange_collect())

    def test_email_transport_queues_a_mail_with_the_document(self):
        order = self._orders([(self._customer(), [(self.mug, 1)])])
        document = self.nord._exchange_collect()
        sent = self._send_due()
        self.assertEqual(sent, document)
        mail = self.env["mail.mail"].browse(int(document.receipt_reference))
        self.assertEqual(mail.email_to, "orders@nord.example")
        self.assertEqual(mail.attachment_ids, document.attachment_id)
        events = order.exchange_event_ids
        self.assertEqual(events.mapped("status"), ["sent"])
        self.assertEqual(events.document_id, document)

    def test_cancellation_after_sending_produces_a_cancellation_document(self):
        order = self._orders([(self._customer(), [(self.mug, 1)])])
        picking = self._deliveries(order)
        self.nord._exchange_collect()
        self._send_due()
        self.assertEqual(picking.exchange_state, "sent")
        picking.action_cancel()
        self.assertEqual(picking.exchange_state, "to_cancel")
        documents = self.nord._exchange_collect()
        self.assertEqual(documents.kind, "cancellation")
        root = etree.fromstring(documents.attachment_id.raw)
        self.assertEqual(root.xpath("//d:cancellation/@reference", namespaces=NS), [picking.name])
        self._send_due()
        self.assertEqual(picking.exchange_state, "cancelled")
        self.assertEqual(
            order.exchange_event_ids.sorted("id").mapped("status"), ["sent", "cancelled"]
        )

    def test_line_cancellation_names_those_lines_and_the_delivery_goes_on(self):
        order = self._orders([(self._customer(), [(self.mug, 3)])])
        picking = self._deliveries(order)
        self.nord._exchange_collect()
        self._send_due()
        mug_move = picking.move_ids.filtered(lambda m: m.product_id == self.mug)
        document = picking._exchange_cancel_lines({mug_move: 2}, "Kunde storniert")
        self.assertEqual((document.kind, document.state), ("line_cancellation", "queued"))
        root = etree.fromstring(document.attachment_id.raw)
        schema = etree.XMLSchema(etree.parse(str(DELIVERY_SCHEMA_PATH)))
        self.assertTrue(schema.validate(root), schema.error_log)
        lines = root.xpath("//d:cancellation/d:line", namespaces=NS)
        self.assertEqual([(x.get("product"), x.get("quantity")) for x in lines], [("MUG", "2")])
        self.assertEqual(self._send_due(), document)
        self.assertEqual(picking.exchange_state, "sent", "the rest of the delivery ships")
        self.assertEqual(order.exchange_event_ids.mapped("status"), ["sent"])

    def test_cancellation_before_sending_sends_nothing(self):
        picking = self._deliveries(self._orders([(self._customer(), [(self.mug, 1)])]))
        picking.action_cancel()
        self.assertFalse(picking.exchange_state)
        self.assertFalse(self.nord._exchange_collect())

    def test_delivery_the_partner_cannot_take_goes_to_clearing_the_rest_is_sent(self):
        good = self._orders([(self._customer(), [(self.mug, 1)])])
        bad_customer = self._customer()
        bad_customer.city = False
        bad = self._orders([(bad_customer, [(self.mug, 1)])])
        document = self.nord._exchange_collect()
        self.assertEqual(document.picking_ids, self._deliveries(good))
        bad_picking = self._deliveries(bad)
        self.assertEqual(bad_picking.exchange_state, "invalid")
        self.assertIn("city", bad_picking.exchange_message)
        self.assertEqual(bad.clearing_reason_id.code, "carrier_invalid")

    def test_send_now_queues_and_leaves_the_transfer_to_the_background(self):
        self._orders([(self._customer(), [(self.mug, 1)])])
        self.nord.with_user(self.user).action_send_now()
        document = self.env["carrier.exchange.document"].search(
            [("exchange_partner_id", "=", self.nord.id)]
        )
        self.assertEqual(document.state, "queued", "no transfer inside the user's request")

    def test_cancellation_waits_for_the_delivery_document_it_cancels(self):
        self.nord.write(self._ftp_values(closed_port()))
        picking = self._deliveries(self._orders([(self._customer(), [(self.mug, 1)])]))
        delivery_document = self.nord._exchange_collect()
        self._send_due()
        self.assertEqual(delivery_document.state, "queued", "partner down: retried later")
        picking.action_cancel()
        cancellation = self.nord._exchange_collect()
        self.assertEqual(cancellation.kind, "cancellation")
        self._send_due()
        self.assertEqual(cancellation.state, "queued", "not before the delivery order")
        waiting = self._send_job(cancellation)
        self.assertEqual((waiting.state, waiting.retry), ("pending", 0), "waiting is no try")
        self.nord.write({"protocol": "email", "email_to": "orders@nord.example"})
        self._make_due(delivery_document)
        sent = self._send_due()
        self.assertEqual(sent, delivery_document, "the delivery order goes first")
        self.assertEqual(picking.exchange_state, "cancel_queued", "the cancellation stays")
        self._make_due(cancellation)
        sent = self._send_due()
        self.assertEqual(sent, cancellation)
        self.assertEqual(picking.exchange_state, "cancelled")
        history = picking.exchange_event_ids.sorted("id").mapped("status")
        self.assertEqual(history, ["sent", "cancelled"])
