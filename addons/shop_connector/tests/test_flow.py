from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.addons.shop_connector.models.shop_backend import ShopBackend

from .common import ShopFixturesMixin


class ShippingMixin(ShopFixturesMixin):
    @classmethod
    def _setup_shipping(cls, shop_type="push"):
        cls._setup_shop_fixtures(shop_type=shop_type)
        service = cls.env["product.product"].create({"name": "Shipping", "type": "service"})
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Test Parcel",
                "product_id": service.id,
                "delivery_type": "fixed",
                "tracking_url": "https://track.example.com/?id=<shipmenttrackingnumber>",
            }
        )

    def _ship(self, order, tracking_ref):
        picking = order.picking_ids
        picking.write({"carrier_id": self.carrier.id, "carrier_tracking_ref": tracking_ref})
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking


@tagged("post_install", "-at_install")
class TestShopFlow(ShippingMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shipping()

    def test_import_confirm_ship_mail_and_shipments(self):
        api = self.env["shop.backend"].with_user(self.api_user_a)
        results = self._submit(self.api_user_a, "SHOPA", [self._order_dict("FLOW-1", quantity=2)])
        self.assertEqual(results[0]["state"], "confirmed")
        order = self._order(self.backend_a, "FLOW-1")
        self.assertEqual(api.get_shipments("SHOPA", False)["shipments"], [])
        picking = self._ship(order, "TRK123")
        self.assertEqual(picking.state, "done")
        mails = self.env["mail.mail"].search(
            [("model", "=", "stock.picking"), ("res_id", "=", picking.id)]
        )
        self.assertEqual(len(mails), 1, "one shipped mail is queued")
        self.assertIn("https://track.example.com/?id=TRK123", mails.body_html)
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted", "the invoice is posted after shipping")
        self.assertTrue(invoice.invoice_pdf_report_id, "its PDF is stored on the invoice")
        sent = invoice.message_ids.filtered(
            lambda m: invoice.invoice_pdf_report_id.name in m.attachment_ids.mapped("name")
        )
        self.assertTrue(sent, "the invoice is mailed to the customer with its PDF")
        self.assertIn(invoice.partner_id, sent.partner_ids)
        answer = api.get_shipments("SHOPA", False)
        self.assertEqual(len(answer["shipments"]), 1)
        shipment = answer["shipments"][0]
        self.assertEqual(shipment["external_ref"], "FLOW-1")
        self.assertEqual(shipment["carrier"], "Test Parcel")
        self.assertEqual(shipment["tracking_ref"], "TRK123")
        self.assertEqual(shipment["tracking_url"], "https://track.example.com/?id=TRK123")
        self.assertEqual(shipment["picking"], picking.name)
        self.assertEqual(
            api.get_shipments("SHOPA", answer["next_cursor"])["shipments"],
            [],
            "the cursor hands out each shipment once",
        )
        self.assertEqual(api.get_order_status("SHOPA", ["FLOW-1"])[0]["state"], "shipped")
        other = self.env["shop.backend"].with_user(self.api_user_b).get_shipments("SHOPB", False)
        self.assertEqual(other["shipments"], [], "shop B sees none of shop A's shipments")

    def test_push_shop_queues_no_shipment_export(self):
        self._submit(self.api_user_a, "SHOPA", [self._order_dict("FLOW-2")])
        self._ship(self._order(self.backend_a, "FLOW-2"), "TRK2")
        self.assertFalse(
            self.env["shop.sync.log"].search([("backend_id", "=", self.backend_a.id)]),
            "push shops read shipments through the API",
        )


class ShipmentClient:
    """Stands in for the shop's server: records what the adapter is asked to send."""

    def __init__(self):
        self.shipments = []

    def confirm_shipment(self, order_ref, carrier, tracking_numbers, tracking_urls):
        self.shipments.append((order_ref, carrier, list(tracking_numbers), list(tracking_urls)))


@tagged("post_install", "-at_install")
class TestPullShopShipmentExport(ShippingMixin, TransactionCase):
    """A shop Odoo calls (WooCommerce): a shipped order becomes one shipment job with
    its tracking, sent after the shipping transaction, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shipping(shop_type="woocommerce")

    def test_shipped_order_is_sent_to_the_shop_with_tracking(self):
        self._submit(self.api_user_a, "SHOPA", [self._order_dict("4711")])
        order = self._order(self.backend_a, "4711")
        with trap_jobs() as trap:
            picking = self._ship(order, "TRK9")
        log = self.env["shop.sync.log"].search([("picking_id", "=", picking.id)])
        self.assertEqual((log.operation, log.state), ("shipment", "pending"))
        trap.assert_jobs_count(1, only=log._sync_job)
        self.assertEqual(trap.enqueued_jobs[0].channel, "root.clearhouse.shop.SHOPA")
        client = ShipmentClient()
        with patch.object(ShopBackend, "_get_client", lambda self: client):
            trap.perform_enqueued_jobs()
            self.assertEqual(log._sync_job(), "nothing to send", "never sent twice")
        self.assertEqual(log.state, "done")
        self.assertEqual(
            client.shipments,
            [
                (
                    "4711",
                    "Test Parcel",
                    ["TRK9"],
                    ["https://track.example.com/?id=TRK9"],
                )
            ],
        )
