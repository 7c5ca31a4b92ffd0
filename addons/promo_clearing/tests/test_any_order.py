from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from clearhouse.clearing import queue as core_queue

from .common import ClearingCase


@tagged("post_install", "-at_install")
class TestClearingAnyOrder(ClearingCase):
    """Clearing needs no campaign: any order of any source enters, is fixed and released."""

    def test_invalid_address_enters_clearing_with_rule_reason(self):
        order = self._order("ANY-1", street="Invalidenstraße")
        self.assertEqual(order.validation_state, "invalid")
        self.assertEqual(order.clearing_state, "in_clearing")
        self.assertEqual(order.clearing_reason_id.code, "address")
        self.assertEqual(order.state, "draft", "orders in clearing are not confirmed")
        self.assertEqual(len(order.clearing_episode_ids), 1)

    def test_valid_order_stays_in_automation_and_is_confirmed(self):
        order = self._order("ANY-2")
        self.assertEqual(order.validation_state, "valid")
        self.assertEqual(order.clearing_state, "automation")
        self.assertEqual(order.state, "sale")

    def test_fix_revalidate_release_confirms_with_delivery(self):
        order = self._order("ANY-3", street="Invalidenstraße").with_user(self.clerk)
        order.action_clearing_take()
        order.partner_shipping_id.street = "Invalidenstraße 116"
        order.action_clearing_revalidate()
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "sale", "released orders continue like valid ones")
        self.assertTrue(order.picking_ids, "and get their delivery")
        self.assertEqual(order.clearing_episode_ids.outcome, "released")
        self.assertEqual(order.clearing_episode_ids.user_id, self.clerk)

    def test_suggested_house_number_applied(self):
        order = self._order("ANY-4", street="Invalidenstraße", street2="116")
        issue = order.issue_ids.filtered(lambda i: i.code == "address_house_number_missing")
        self.assertTrue(issue.fix_label, "the clerk sees where the number is")
        issue.with_user(self.clerk).action_apply_suggestion()
        self.assertEqual(order.partner_shipping_id.street, "Invalidenstraße 116")
        self.assertEqual(order.validation_state, "valid")
        self.assertEqual(order.clearing_state, "in_clearing", "release stays the clerk's call")

    def test_still_invalid_stays_in_clearing(self):
        order = self._order("ANY-5", street="Invalidenstraße")
        order.with_user(self.clerk).action_clearing_release()
        self.assertEqual(order.clearing_state, "in_clearing", "issues must be fixed first")
        self.assertEqual(order.state, "draft")

    def test_customer_note_hold_per_source(self):
        self.source.clearing_hold_note = "on"
        order = self._order("ANY-6", note="Bitte beim Nachbarn abgeben")
        self.assertEqual(order.clearing_reason_id.code, "customer_note")
        self.assertEqual(order.state, "draft")
        order.with_user(self.clerk).action_clearing_release()
        self.assertEqual(order.state, "sale", "a clerk's release is final")
        self.source.clearing_hold_note = "off"
        self.assertEqual(self._order("ANY-7", note="Bitte klingeln").state, "sale")

    def test_awaiting_prepayment_released_from_clearing_still_waits(self):
        self.source.clearing_hold_note = "on"
        order = self._order("ANY-8", note="Geschenk")
        order.prepayment_state = "awaiting"
        order.with_user(self.clerk).action_clearing_release()
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "draft", "released, but the payment is still missing")
        order._order_release_payment()
        self.assertEqual(order.state, "sale", "the payment releases it")

    def test_payment_of_order_in_clearing_waits_for_the_clerk(self):
        order = self._order("ANY-9", street="Invalidenstraße")
        order.prepayment_state = "awaiting"
        order._order_release_payment()
        self.assertEqual(order.prepayment_state, "paid")
        self.assertEqual(order.state, "draft", "clearing still holds it")

    def test_manual_hold_and_unknown_reason(self):
        order = self._order("ANY-10")
        other = self._order("ANY-11", street="Invalidenstraße")
        other._send_to_clearing("no_such_code", "why")
        self.assertEqual(other.clearing_reason_id.code, "manual")
        with self.assertRaises(UserError):
            order.with_user(self.clerk).action_clearing_take()

    def test_take_next_hands_out_highest_priority_then_oldest(self):
        self.env["sale.order"].search([("clearing_state", "=", "in_clearing")]).write(
            {"clearing_state": "in_progress", "clearing_user_id": self.lead.id}
        )
        old = self._order("ANY-12", street="Invalidenstraße")
        urgent = self._order("ANY-13", street="Invalidenstraße")
        older = self._order("ANY-14", street="Invalidenstraße")
        old.clearing_entered_at = fields.Datetime.now() - timedelta(hours=5)
        older.clearing_entered_at = fields.Datetime.now() - timedelta(hours=9)
        urgent._send_to_clearing("rule_error")  # a reason of a higher priority
        order_model = self.env["sale.order"].with_user(self.clerk)
        self.assertEqual(order_model.action_take_next()["res_id"], urgent.id)
        self.assertEqual(order_model.action_take_next()["res_id"], older.id)
        self.assertEqual(order_model.action_take_next()["res_id"], old.id)
        self.assertEqual(order_model.action_take_next()["tag"], "display_notification")

    def test_api_status_reports_clearing(self):
        order = self._order("ANY-15", street="Invalidenstraße")
        self.assertEqual(order._order_api_states()[order.id], "in_clearing")


@tagged("post_install", "-at_install")
class TestTakeNextPolicy(ClearingCase):
    """The SQL of "Take next" hands out cases in exactly the core's queue order."""

    def test_sql_order_is_the_cores(self):
        self.env["sale.order"].search([("clearing_state", "=", "in_clearing")]).write(
            {"clearing_state": "in_progress", "clearing_user_id": self.lead.id}
        )
        now = fields.Datetime.now()
        reasons = ["rule_error", "address", "manual", "duplicate"]
        deadlines = [False, fields.Date.today() + timedelta(days=3), fields.Date.today()]
        orders = self.env["sale.order"]
        for index in range(12):
            order = self._order(f"POL-{index}", street="Invalidenstraße")
            order._send_to_clearing(reasons[index % 4])
            order.write(
                {
                    "clearing_entered_at": now - timedelta(hours=(index * 7) % 11),
                    "clearing_deadline": deadlines[index % 3],
                }
            )
            orders |= order
        cases = [
            core_queue.ClearingCase(
                case_id=order.id,
                entered_at=order.clearing_entered_at,
                priority=order.clearing_priority or None,
                deadline=order.clearing_deadline or None,
            )
            for order in orders
        ]
        expected = [case.case_id for case in core_queue.order_queue(cases)]
        taken = [
            self.env["sale.order"].with_user(self.clerk).action_take_next()["res_id"]
            for _case in cases
        ]
        self.assertEqual(taken, expected)
