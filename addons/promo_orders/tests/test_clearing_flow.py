from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .clearing_common import ClearingCase


@tagged("post_install", "-at_install")
class TestClearingFlow(ClearingCase):
    def test_invalid_order_enters_clearing_with_rule_reason(self):
        [result] = self._submit([self._order_dict("CL-1", customer={"phone": "12"})])
        order = self._order(result)
        self.assertEqual(order.clearing_state, "in_clearing")
        self.assertEqual(order.clearing_reason_id.code, "phone")
        self.assertIn("12", order.clearing_message)
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(order.clearing_episode_ids), 1)
        self.assertFalse(order.clearing_episode_ids.left_at)

    def test_valid_order_stays_in_automation(self):
        [result] = self._submit([self._order_dict("CL-2")])
        order = self._order(result)
        self.assertEqual(order.clearing_state, "automation")
        self.assertEqual(order.state, "sale")

    def test_take_fix_revalidate_release_confirms_with_delivery(self):
        [result] = self._submit([self._order_dict("CL-3", customer={"phone": "12"})])
        order = self._order(result).with_user(self.clerk)
        order.action_clearing_take()
        self.assertEqual(order.clearing_state, "in_progress")
        self.assertEqual(order.clearing_user_id, self.clerk)
        issue = order.issue_ids.filtered(lambda i: i.code == "phone_invalid")
        self.assertTrue(issue)
        order.partner_shipping_id.phone = "030 1234567"
        order.action_clearing_revalidate()
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "sale", "released orders continue like valid ones")
        self.assertTrue(order.picking_ids, "and get their delivery")
        episode = order.clearing_episode_ids
        self.assertEqual(episode.outcome, "released")
        self.assertEqual(episode.user_id, self.clerk)
        self.assertTrue(episode.left_at)
        self.assertGreaterEqual(order.clearing_hours_total, 0.0)

    def test_revalidate_still_invalid_stays_with_remaining_issue(self):
        [result] = self._submit([self._order_dict("CL-4", customer={"phone": "12", "zip": "1"})])
        order = self._order(result)
        first_reason = order.clearing_reason_id.code
        self.assertIn(first_reason, ("phone", "address"))
        order.partner_shipping_id.phone = "030 1234567"
        order.action_clearing_revalidate()
        self.assertEqual(order.clearing_state, "in_clearing")
        self.assertEqual(order.clearing_reason_id.code, "address")
        self.assertEqual(order.state, "draft")

    def test_apply_suggestion_writes_e164_phone(self):
        [result] = self._submit([self._order_dict("CL-5", customer={"phone": "1 212 555 0123"})])
        order = self._order(result)
        issue = order.issue_ids.filtered(lambda i: i.code == "phone_invalid")
        self.assertEqual(issue.suggestion, "+12125550123")
        issue.with_user(self.clerk).action_apply_suggestion()
        self.assertEqual(order.partner_shipping_id.phone, "+12125550123")
        self.assertEqual(order.validation_state, "valid")
        self.assertEqual(order.clearing_state, "in_clearing", "release stays the clerk's call")

    def test_house_number_found_in_second_address_line(self):
        [result] = self._submit(
            [self._order_dict("CL-9", customer={"street": "Invalidenstraße", "street2": "116"})]
        )
        order = self._order(result)
        issue = order.issue_ids.filtered(lambda i: i.code == "address_house_number_missing")
        self.assertTrue(issue.fix_label, "the clerk sees where the number is")
        issue.with_user(self.clerk).action_apply_suggestion()
        self.assertEqual(order.partner_shipping_id.street, "Invalidenstraße 116")
        self.assertEqual(order.validation_state, "valid")

    def test_unassign_gives_order_back(self):
        [result] = self._submit([self._order_dict("CL-6", customer={"phone": "12"})])
        order = self._order(result).with_user(self.clerk)
        order.action_clearing_take()
        order.action_clearing_unassign()
        self.assertEqual(order.clearing_state, "in_clearing")
        self.assertFalse(order.clearing_user_id)

    def test_cancel_with_reason_and_mail(self):
        [result] = self._submit([self._order_dict("CL-7", customer={"phone": "12"})])
        order = self._order(result)
        wizard = (
            self.env["clearing.cancel.wizard"]
            .with_user(self.clerk)
            .with_context(active_ids=order.ids)
            .create({"reason": "Participant withdrew", "send_mail": True})
        )
        wizard.action_cancel_orders()
        self.assertEqual(order.clearing_state, "cancelled")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.clearing_episode_ids.outcome, "cancelled")
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertTrue(mail, "the customer is told")
        self.assertIn("Participant withdrew", mail.body_html)

    def test_manual_hold_and_release_of_non_campaign_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Shop buyer"}).id,
                "order_line": [(0, 0, {"product_id": self.tmpl_mug.product_variant_id.id})],
            }
        )
        order._send_to_clearing("manual", "Check payment first")
        self.assertEqual(order.clearing_state, "in_clearing")
        self.assertEqual(order.clearing_reason_id.code, "manual")
        order.with_user(self.clerk).action_clearing_release()
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "sale")

    def test_unknown_reason_code_uses_manual_hold(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.env["res.partner"].create({"name": "X"}).id}
        )
        order._send_to_clearing("no_such_code", "why")
        self.assertEqual(order.clearing_reason_id.code, "manual")

    def test_bulk_revalidate(self):
        results = self._submit(
            [self._order_dict(f"CL-B{i}", customer={"phone": "12"}) for i in range(5)]
        )
        orders = self.env["sale.order"].browse([r["order_id"] for r in results])
        orders.partner_shipping_id.write({"phone": "+49 30 1234567"})
        orders[:3].with_user(self.clerk).action_clearing_revalidate()
        self.assertEqual(set(orders[:3].mapped("clearing_state")), {"released"})
        self.assertEqual(set(orders[3:].mapped("clearing_state")), {"in_clearing"})

    def test_take_requires_order_in_clearing(self):
        [result] = self._submit([self._order_dict("CL-8")])
        with self.assertRaises(UserError):
            self._order(result).with_user(self.clerk).action_clearing_take()

    def test_clerk_cannot_configure_reasons(self):
        reason = self.env.ref("promo_clearing.clearing_reason_phone")
        with self.assertRaises(AccessError):
            reason.with_user(self.clerk).write({"priority": "3"})
        reason.with_user(self.lead).write({"priority": "3"})
        self.assertEqual(reason.priority, "3")
