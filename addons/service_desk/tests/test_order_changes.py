from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DeskCommon


@tagged("post_install", "-at_install")
class TestOrderChanges(DeskCommon):
    def test_cancel_lines_before_logistics_reduces_delivery_and_logs(self):
        order = self.confirmed_order("CH-1")
        line_a = order.order_line.filtered(lambda l: l.product_id == self.product)
        order.with_user(self.agent)._desk_cancel_lines({line_a: 2}, "customer_request", "asked")
        move = self.outgoing(order).move_ids.filtered(lambda m: m.product_id == self.product)
        self.assertEqual(sum(move.mapped("product_uom_qty")), 1, "delivery reduced to 1")
        change = order.desk_change_ids
        self.assertEqual(
            (change.kind, change.reason_code, change.user_id),
            ("cancel_lines", "customer_request", self.agent),
        )
        self.assertIn("2 x", change.detail)
        self.assertFalse(change.credit_note_id, "nothing invoiced, nothing credited")
        self.assertIn(
            "Cancellation for order",
            order.message_ids[:3].mapped("subject")[0] or "",
            "the customer is told by the cancellation template",
        )

    def test_cancel_lines_invoiced_creates_credit_note_for_those_lines(self):
        order = self.confirmed_order("CH-2")
        order._create_invoices().action_post()
        line_b = order.order_line.filtered(lambda l: l.product_id == self.product_b)
        change = order._desk_cancel_lines({line_b: 1}, "damaged")
        credit = change.credit_note_id
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.invoice_line_ids.product_id, self.product_b)
        self.assertEqual(credit.invoice_line_ids.quantity, 1)

    def test_cancel_more_than_open_refused(self):
        order = self.confirmed_order("CH-3")
        line_a = order.order_line[0]
        with self.assertRaises(UserError):
            order._desk_cancel_lines({line_a: 4}, "customer_request")
        self.assertFalse(order.desk_change_ids, "nothing logged when refused")

    def test_replacement_order_free_linked_and_confirmed(self):
        order = self.confirmed_order("CH-4")
        line_a = order.order_line[0]
        change = order._desk_replacement({line_a: 1}, "wrong_item")
        new = change.new_order_id
        self.assertEqual(new.desk_origin_order_id, order)
        self.assertEqual(new.amount_total, 0.0, "replacement is free")
        self.assertEqual(new.state, "sale", "automation confirmed it")
        self.assertTrue(self.outgoing(new), "a delivery goes to logistics")
        self.assertEqual(new.partner_shipping_id, order.partner_shipping_id)

    def test_goodwill_credit_note_with_reason_and_value(self):
        order = self.confirmed_order("CH-5")
        change = order._desk_goodwill(15.0, "late", "late parcel")
        self.assertEqual(change.amount, 15.0)
        self.assertEqual(change.credit_note_id.amount_total, 15.0)
        self.assertEqual(change.credit_note_id.state, "posted")

    def test_address_change_moves_open_delivery(self):
        order = self.confirmed_order("CH-6")
        neighbour = self.new_customer(
            "Hans Müller", street="Chausseestraße 1", parent_id=self.customer.id, type="delivery"
        )
        order._desk_change_address(neighbour, "customer_request")
        self.assertEqual(order.partner_shipping_id, neighbour)
        self.assertEqual(self.outgoing(order).partner_id, neighbour)
        self.assertIn("Chausseestraße", order.desk_change_ids.detail)

    def test_wizard_gift_creates_free_order(self):
        order = self.confirmed_order("CH-7")
        wizard = (
            self.env["service.desk.order.change"]
            .with_context(default_order_id=order.id)
            .create({"kind": "gift", "gift_product_id": self.product_b.id, "reason_code": "late"})
        )
        wizard.action_apply()
        self.assertEqual(order.desk_change_ids.kind, "gift")
        self.assertEqual(order.desk_replacement_ids.order_line.product_id, self.product_b)
