from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestOrderPoints(LoyaltyCommon):
    def test_confirmed_order_earns_points_on_net_revenue_without_excluded_category(self):
        partner = self._partner("Otto Normal")
        order = self._order(partner, [(self.product, 2), (self.cigars, 1)])
        order.action_confirm()
        account = self.env["points.account"].search([("partner_id", "=", partner.id)])
        self.assertTrue(account, "the customer was enrolled with the first confirmed order")
        self.assertEqual(account.balance, 200, "cigars (tobacco) earn nothing")
        self.assertEqual(order.points_earned, 200)
        self.assertEqual(account.move_ids.kind, "earn")
        self.assertEqual(account.revenue_12m, 200.0)

    def test_order_user_without_loyalty_rights_confirms_and_reads_the_order(self):
        # A clearing clerk releases (confirms) and opens orders without loyalty rights.
        clerk = new_test_user(
            self.env, login="loyalty_clerk", groups="clearhouse_order.clearhouse_order_group_user"
        )
        partner = self._partner("Clara Clerkkundin")
        order = self._order(partner, [(self.product, 1)]).with_user(clerk)
        order.action_confirm()
        self.assertEqual(order.points_earned, 100)
        self.assertFalse(self.env["points.move"].with_user(clerk).has_access("read"))

    def test_cancelled_order_reverses_its_points(self):
        account = self._account("Klara Korn")
        order = self._order(account.partner_id, [(self.product, 3)])
        order.action_confirm()
        self.assertEqual(account.balance, 300)
        order._action_cancel()
        self.assertEqual(account.balance, 0, "the cancellation takes back what was earned")
        self.assertEqual(sorted(account.move_ids.mapped("kind")), ["earn", "reverse"])
        order.action_draft()
        order.action_confirm()
        self.assertEqual(account.balance, 300, "confirmed again, earned again once")

    def test_order_without_programme_earns_nothing(self):
        self.program.action_archive()
        partner = self._partner("Nina Niemand")
        self._order(partner, [(self.product, 1)]).action_confirm()
        self.assertFalse(self.env["points.account"].search([("partner_id", "=", partner.id)]))

    def test_multiplier_period_doubles_points(self):
        self.program.multiplier_ids = [
            (0, 0, {"name": "Double", "date_from": "2026-01-01", "date_to": "2099-12-31"})
        ]
        account = self._account("Doppel Punkt")
        order = self._order(account.partner_id, [(self.product, 1)])
        order.action_confirm()
        self.assertEqual(account.balance, 200)

    def test_correction_needs_reason_and_moves_are_never_edited(self):
        account = self._account("Rita Richtig", points=120)
        with self.assertRaises(ValidationError, msg="a correction without reason is refused"):
            self.env["points.move"].create(
                {"account_id": account.id, "kind": "correction", "points": 5}
            )
        self.env["points.move"].create(
            {"account_id": account.id, "kind": "correction", "points": -20, "reason": "typo"}
        )
        self.assertEqual(account.balance, 100)
        with self.assertRaises(UserError, msg="ledger lines stay as booked"):
            account.move_ids[0].with_user(self.env.ref("base.user_admin")).write({"points": 1})
        self.assertEqual(
            self.env["points.account"].search([("id", "=", account.id), ("balance", ">=", 100)]),
            account,
            "the balance is searchable",
        )
