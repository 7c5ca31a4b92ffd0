from lxml import etree

from odoo.tests import tagged

from .common import DeskLogisticsCommon

NS = {"d": "urn:clearhouse:logistics-delivery:1.0"}


@tagged("post_install", "-at_install")
class TestOrderChangesLogistics(DeskLogisticsCommon):
    def test_partial_cancellation_after_sending_cancels_exactly_those_lines(self):
        order = self.sent_order("LOG-1")
        picking = order.picking_ids
        line_mug = order.order_line.filtered(lambda l: l.product_id == self.mug)
        change = order.with_user(self.agent)._desk_cancel_lines({line_mug: 2}, "customer_request")
        document = self.env["carrier.exchange.document"].search(
            [("kind", "=", "line_cancellation"), ("picking_ids", "in", picking.ids)]
        )
        self.assertEqual(len(document), 1, "one cancellation message")
        self.assertEqual(document.state, "queued")
        root = etree.fromstring(document.attachment_id.raw)
        lines = root.xpath(f"//d:cancellation[@reference='{picking.name}']/d:line", namespaces=NS)
        self.assertEqual(
            [(x.get("product"), x.get("quantity")) for x in lines],
            [("MUG", "2")],
            "exactly the cancelled line and quantity",
        )
        self.assertEqual(picking.exchange_state, "sent", "the rest of the delivery ships")
        self.assertEqual(change.logistics_message, document.name)
        self.assertFalse(change.credit_note_id)

    def test_partial_cancellation_of_invoiced_order_credits_those_lines(self):
        order = self.sent_order("LOG-2")
        order._create_invoices().action_post()
        line_cap = order.order_line.filtered(lambda l: l.product_id == self.cap)
        change = order._desk_cancel_lines({line_cap: 1}, "damaged")
        credit = change.credit_note_id
        self.assertEqual((credit.move_type, credit.state), ("out_refund", "posted"))
        self.assertEqual(
            [(line.product_id, line.quantity) for line in credit.invoice_line_ids],
            [(self.cap, 1)],
        )
        self.assertTrue(change.logistics_message, "and the partner was told")

    def test_replacement_order_reaches_logistics(self):
        order = self.sent_order("LOG-3")
        change = order._desk_replacement({order.order_line[0]: 1}, "wrong_item")
        new = change.new_order_id
        self.assertEqual(new.state, "sale")
        self.assertEqual(new.picking_ids.exchange_partner_id, self.logistics)
        self.assertEqual(new.picking_ids.exchange_state, "ready", "queued for the partner")

    def test_address_change_after_sending_cancels_and_resends(self):
        order = self.sent_order("LOG-4")
        old = order.picking_ids
        neighbour = self.env["res.partner"].create(
            {
                "name": "Hans Müller",
                "type": "delivery",
                "parent_id": self.customer.id,
                "street": "Chausseestraße 1",
                "zip": "10115",
                "city": "Berlin",
                "country_id": self.env.ref("base.de").id,
            }
        )
        change = order._desk_change_address(neighbour, "customer_request")
        self.assertEqual(old.exchange_state, "to_cancel", "cancellation for the partner")
        new = order.picking_ids - old
        self.assertEqual(new.partner_id, neighbour)
        self.assertEqual(new.exchange_state, "ready", "sent again to the new address")
        self.assertIn(new.name, change.logistics_message)
