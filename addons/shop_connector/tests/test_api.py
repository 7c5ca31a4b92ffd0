from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import ShopFixturesMixin


@tagged("post_install", "-at_install")
class TestShopApi(ShopFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shop_fixtures()

    def test_bad_payloads_rejected_per_order_valid_kept(self):
        orders = [
            self._order_dict("OK-1"),
            "not an order",
            {k: v for k, v in self._order_dict("X").items() if k != "external_ref"},
            {k: v for k, v in self._order_dict("NO-CUSTOMER").items() if k != "customer"},
            self._order_dict("UNKNOWN-SKU", sku="NOPE-1"),
            dict(self._order_dict("BAD-QTY"), lines=[{"sku": "SH-MUG", "quantity": "many"}]),
            self._order_dict("HUGE", street="x" * 100_000),
            self._order_dict("N" * 5000),
            dict(self._order_dict("BAD-TYPE"), lines={"sku": "SH-MUG"}),
            self._order_dict("OK-2", sku="BAG-1"),
        ]
        results = self._submit(self.api_user_a, "SHOPA", orders)
        self.assertEqual(len(results), len(orders))
        ok = [r for r in results if r["order_id"]]
        self.assertEqual([r["external_ref"] for r in ok], ["OK-1", "OK-2"])
        for result in results:
            if not result["order_id"]:
                self.assertEqual(result["state"], "rejected")
                self.assertTrue(result["issues"], f"rejected without a reason: {result}")
        self.assertIn("NOPE-1", results[4]["issues"][0]["message"])
        self.assertEqual(results[6]["external_ref"], "HUGE")
        self.assertLessEqual(len(results[7]["external_ref"]), 64, "huge numbers are not echoed")
        bag_order = self._order(self.backend_a, "OK-2")
        self.assertEqual(bag_order.order_line.product_id, self.product_c, "SKU via the mapping")

    def test_resubmit_returns_existing_order(self):
        first = self._submit(self.api_user_a, "SHOPA", [self._order_dict("R-1")])
        again = self._submit(self.api_user_a, "SHOPA", [self._order_dict("R-1")] * 2)
        self.assertEqual([r["order_id"] for r in again], [first[0]["order_id"]] * 2)
        self.assertTrue(all(r["duplicate"] for r in again))
        self.assertEqual(len(self._order(self.backend_a, "R-1")), 1)

    def test_same_number_on_two_backends_gives_two_orders(self):
        self._submit(self.api_user_a, "SHOPA", [self._order_dict("SAME")])
        self._submit(self.api_user_b, "SHOPB", [self._order_dict("SAME")])
        self.assertEqual(len(self._order(self.backend_a, "SAME")), 1)
        self.assertEqual(len(self._order(self.backend_b, "SAME")), 1)

    def test_other_backend_refused(self):
        with self.assertRaises(AccessError, msg="a user of shop A must not act for shop B"):
            self._submit(self.api_user_a, "SHOPB", [self._order_dict("B-1")])
        with self.assertRaises(AccessError):
            self._submit(self.plain_user, "SHOPA", [self._order_dict("B-2")])
        with self.assertRaises(AccessError):
            self.env["shop.backend"].with_user(self.api_user_a).get_order_status("SHOPB", ["B-1"])
        self.assertFalse(self._order(self.backend_b, "B-1"))

    def test_api_user_reads_only_own_shop_orders(self):
        self._submit(self.api_user_a, "SHOPA", [self._order_dict("OWN-A")])
        self._submit(self.api_user_b, "SHOPB", [self._order_dict("OWN-B")])
        visible = self.env["sale.order"].with_user(self.api_user_a).search([])
        self.assertEqual(visible.mapped("external_ref"), ["OWN-A"])

    def test_prepayment_waits_until_released(self):
        self._submit(self.api_user_a, "SHOPA", [self._order_dict("PRE-1", payment="bacs")])
        order = self._order(self.backend_a, "PRE-1")
        self.assertEqual(order.state, "draft", "prepayment orders wait for the money")
        self.assertEqual(order.prepayment_state, "awaiting")
        self.assertFalse(order.picking_ids)
        status = (
            self.env["shop.backend"]
            .with_user(self.api_user_a)
            .get_order_status("SHOPA", ["PRE-1", "NOT-THERE"])
        )
        self.assertEqual([s["state"] for s in status], ["awaiting_payment", "unknown"])
        order._order_release_payment()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.prepayment_state, "paid")
        self.assertTrue(order.picking_ids, "a confirmed order gets its delivery")

    def test_paid_invoice_cod_confirmed_at_once(self):
        orders = [
            self._order_dict(f"PAY-{method}", payment=method)
            for method in ("paypal", "invoice", "cod")
        ]
        results = self._submit(self.api_user_a, "SHOPA", orders)
        self.assertEqual([r["state"] for r in results], ["confirmed"] * 3)

    def test_customer_found_by_email_delivery_child_when_different(self):
        self._submit(
            self.api_user_a,
            "SHOPA",
            [
                self._order_dict("C-1", email="Erika@Example.com"),
                self._order_dict("C-2", email=" erika@example.com"),
            ],
        )
        self._submit(
            self.api_user_a,
            "SHOPA",
            [
                self._order_dict("C-3", email="erika@example.com", street="Nebenweg 2"),
                self._order_dict("C-4", email="erika@example.com", street="Nebenweg 2"),
            ],
        )
        orders = self.env["sale.order"].search(
            [("external_ref", "in", ["C-1", "C-2", "C-3", "C-4"])]
        )
        self.assertEqual(len(orders.partner_id), 1, "one customer per normalised e-mail")
        partner = orders.partner_id
        self.assertEqual(self._order(self.backend_a, "C-1").partner_shipping_id, partner)
        shipping = self._order(self.backend_a, "C-3").partner_shipping_id
        self.assertEqual(shipping.parent_id, partner)
        self.assertEqual(shipping.type, "delivery")
        self.assertEqual(self._order(self.backend_a, "C-4").partner_shipping_id, shipping)

    def test_customer_note_goes_to_clearing_and_continues_after_release(self):
        order_dict = dict(self._order_dict("NOTE-1"), note="Please ring twice")
        results = self._submit(self.api_user_a, "SHOPA", [order_dict])
        self.assertEqual(results[0]["state"], "in_clearing")
        order = self._order(self.backend_a, "NOTE-1")
        self.assertEqual(order.clearing_reason_id.code, "customer_note")
        self.assertEqual(order.state, "draft")
        order.action_clearing_release()
        self.assertEqual(order.state, "sale", "after release the flow continues")

    def test_invalid_address_goes_to_clearing(self):
        self._submit(self.api_user_a, "SHOPA", [self._order_dict("ADDR-1", street="")])
        order = self._order(self.backend_a, "ADDR-1")
        self.assertEqual(order.clearing_state, "in_clearing")
        self.assertEqual(order.clearing_reason_id.code, "address")

    def test_unknown_payment_goes_to_clearing(self):
        self._submit(self.api_user_a, "SHOPA", [self._order_dict("PAYX-1", payment="bitcoin")])
        order = self._order(self.backend_a, "PAYX-1")
        self.assertEqual(order.clearing_reason_id.code, "shop_payment")

    def test_released_prepayment_order_still_waits_for_payment(self):
        order_dict = dict(self._order_dict("PRE-NOTE", payment="bacs"), note="Gift wrap")
        self._submit(self.api_user_a, "SHOPA", [order_dict])
        order = self._order(self.backend_a, "PRE-NOTE")
        self.assertEqual(order.clearing_state, "in_clearing")
        order.action_clearing_release()
        self.assertEqual(order.state, "draft", "released from clearing, but not yet paid")
        order._order_release_payment()
        self.assertEqual(order.state, "sale")

    def test_order_received_mail_queued(self):
        self._submit(self.api_user_a, "SHOPA", [self._order_dict("MAIL-1")])
        order = self._order(self.backend_a, "MAIL-1")
        mails = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertTrue(mails, "the order received mail is queued")
        self.assertIn("MAIL-1", mails[0].subject)
