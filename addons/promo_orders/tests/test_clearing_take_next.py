from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .clearing_common import ClearingCase


@tagged("post_install", "-at_install")
class TestTakeNext(ClearingCase):
    def setUp(self):
        super().setUp()
        # Orders already waiting in this database are someone else's work right now.
        self.env["sale.order"].search([("clearing_state", "=", "in_clearing")]).write(
            {"clearing_state": "in_progress", "clearing_user_id": self.lead.id}
        )

    def _invalid(self, ref, **kw):
        [result] = self._submit([self._order_dict(ref, customer={"phone": "12"}, **kw)])
        return self._order(result)

    def test_takes_highest_priority_then_oldest(self):
        old = self._invalid("T-1")
        urgent = self._invalid("T-2")
        older = self._invalid("T-3")
        old.clearing_entered_at = fields.Datetime.now() - timedelta(hours=5)
        older.clearing_entered_at = fields.Datetime.now() - timedelta(hours=9)
        urgent._send_to_clearing("size")  # "Size missing" has a higher priority
        self.assertEqual(urgent.clearing_priority, "2")
        action = self.env["sale.order"].with_user(self.clerk).action_take_next()
        self.assertEqual(action["res_id"], urgent.id, "highest priority first")
        action = self.env["sale.order"].with_user(self.clerk).action_take_next()
        self.assertEqual(action["res_id"], older.id, "then the oldest")
        self.assertEqual(older.clearing_user_id, self.clerk)
        self.assertEqual(older.clearing_state, "in_progress")
        action = self.env["sale.order"].with_user(self.clerk2).action_take_next()
        self.assertEqual(action["res_id"], old.id, "taken orders are not handed out again")

    def test_only_orders_of_own_teams(self):
        team = self.env["clearing.team"].create(
            {"name": "Phones", "member_ids": [Command.set(self.clerk2.ids)]}
        )
        self.env.ref("promo_clearing.clearing_reason_phone").team_id = team
        order = self._invalid("T-4")
        action = self.env["sale.order"].with_user(self.clerk).action_take_next()
        self.assertEqual(action["tag"], "display_notification", "clerk 1 is not in the team")
        action = self.env["sale.order"].with_user(self.clerk2).action_take_next()
        self.assertEqual(action["res_id"], order.id)

    def test_nothing_to_take(self):
        action = self.env["sale.order"].with_user(self.clerk).action_take_next()
        self.assertEqual(action["tag"], "display_notification")
