from odoo import Command
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestVoucherClearing(BaseCommon):
    """A shop order's voucher is redeemed once by automation; a refused one goes to
    clearing instead of stopping automation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["clearhouse.order.source"].create(
            {"name": "Webshop", "code": "LOYALTY-CLEARING", "kind": "shop"}
        )
        program = cls.env["points.program"].create(
            {"name": "Kundenkarte", "threshold_points": 500, "voucher_value": 5.0}
        )
        # Other programmes of the company (demo or other tests) must not catch the orders.
        cls.env["points.program"].search([("id", "!=", program.id)]).action_archive()
        cls.customer = cls.env["res.partner"].create({"name": "Erika Mustermann"})
        cls.other_customer = cls.env["res.partner"].create({"name": "Max Mustermann"})
        cls.account = cls.env["points.account"].create(
            {"partner_id": cls.customer.id, "program_id": program.id}
        )
        cls.voucher = cls.env["points.voucher"].create(
            {"account_id": cls.account.id, "amount": 5.0}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Coffee", "type": "consu", "list_price": 100.0}
        )
        cls.mug = cls.env["product.product"].create(
            {"name": "Mug", "type": "consu", "list_price": 20.0}
        )

    def _order(self, partner, product, ref, **values):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_source_id": self.source.id,
                "external_ref": ref,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": 1, "tax_id": False}
                    )
                ],
                **values,
            }
        )

    def _shop_order(self, ref):
        return self._order(self.customer, self.product, ref, points_voucher_code=self.voucher.code)

    def test_valid_voucher_is_redeemed_once_and_the_order_confirmed(self):
        order = self._shop_order("SHOP-1")
        order._order_automate()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.voucher.state, "used")
        self.assertEqual(len(self.voucher.redemption_ids), 1)
        self.assertEqual(order.points_redemption_id.voucher_id, self.voucher)
        self.assertEqual(order.amount_untaxed, 95.0)
        self.assertNotEqual(order.clearing_state, "in_clearing")

    def test_used_voucher_sends_the_order_to_clearing_and_the_rest_goes_on(self):
        first = self._shop_order("SHOP-2")
        first._order_automate()
        second = self._shop_order("SHOP-3")
        plain = self._order(self.other_customer, self.mug, "SHOP-4")
        (second | plain)._order_automate()
        self.assertEqual(plain.state, "sale", plain.clearing_reason_id.code)
        self.assertIn(second.state, ("draft", "sent"))
        self.assertEqual(second.clearing_state, "in_clearing")
        self.assertEqual(second.clearing_reason_id.code, "voucher_refused")
        self.assertIn(second.name, second.clearing_message)
        self.assertIn(self.voucher.code, second.clearing_message)
        self.assertIn("already been used", second.clearing_message)
        self.assertFalse(second.points_redemption_id)
        # The voucher stays with the first order, redeemed once.
        self.assertEqual(self.voucher.state, "used")
        self.assertEqual(self.voucher.redemption_ids.order_id, first)
        self.assertEqual(len(self.voucher.redemption_ids), 1)
