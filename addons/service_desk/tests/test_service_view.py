from odoo.tests import tagged

from .common import DeskCommon


@tagged("post_install", "-at_install")
class TestServiceView(DeskCommon):
    def test_story_shows_orders_messages_and_finances(self):
        first = self.confirmed_order("SV-1")
        second = self.confirmed_order("SV-2")
        invoice = first._create_invoices()
        invoice.action_post()
        second.message_post(body="Customer called", message_type="comment")
        prepaid = self.new_order("SV-3", partner=self.customer, prepayment_state="awaiting")
        partner = self.customer.with_user(self.agent)
        self.assertEqual(set(partner.desk_order_ids.ids), {first.id, second.id, prepaid.id})
        self.assertIn("Customer called", "".join(partner.desk_message_ids.mapped("body")))
        self.assertEqual(partner.desk_invoice_ids, invoice)
        self.assertAlmostEqual(partner.desk_open_amount, invoice.amount_total)
        self.assertEqual(partner.desk_prepayment_order_ids, prepaid)

    def test_service_view_opens_for_agent(self):
        action = self.customer.with_user(self.agent).action_desk_open()
        self.assertEqual(action["res_id"], self.customer.id)
        view = self.env.ref("service_desk.res_partner_view_form_service_desk")
        self.assertEqual(action["views"][0][0], view.id)

    def test_phone_order_goes_through_the_intake(self):
        action = self.customer.with_user(self.agent).action_desk_phone_order()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.agent)
            .with_context(**action["context"])
            .create(
                {
                    "source_id": self.source.id,
                    "line_ids": [(0, 0, {"product_id": self.product.id, "quantity": 2})],
                }
            )
        )
        result = wizard.action_submit()
        order = self.env["sale.order"].browse(result["res_id"])
        self.assertEqual(order.intake_channel, "phone")
        self.assertTrue(order.external_ref.startswith("TEL-"))
        self.assertEqual(order.partner_id, self.customer, "the kernel matched the customer")
        self.assertEqual(order.order_line.product_uom_qty, 2)
        self.assertNotEqual(order.validation_state, False, "the kernel validated it")
