from odoo import Command
from odoo.tests import tagged

from odoo.addons.payment_matching.tests.common import PaymentMatchingCase


@tagged("post_install", "-at_install")
class TestShopPrepayment(PaymentMatchingCase):
    def test_matched_payment_releases_shop_prepayment_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "shop_awaiting_payment": True,
                "date_order": "2026-03-01 10:00:00",
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.goods.id,
                            "product_uom_qty": 2,
                            "price_unit": 50.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        self.assertTrue(order.awaiting_payment, "a shop prepayment order is a candidate")
        line = self._line(100.0, f"Bestellung {order.name}")
        self.env["payment.match.proposal"].with_user(self.matcher).action_find_matches()
        best = line.payment_match_proposal_ids.filtered(lambda p: order in p.sale_order_ids)[:1]
        self.assertTrue(best, "the shop order is proposed for the payment")
        best.with_user(self.matcher).action_confirm()
        self.assertEqual(order.state, "sale", "the paid shop order is confirmed")
        self.assertFalse(order.shop_awaiting_payment)
        self.assertFalse(order.awaiting_payment)
        self.assertTrue(order.picking_ids, "and gets its delivery")
