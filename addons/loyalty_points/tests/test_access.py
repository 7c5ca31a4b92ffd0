from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestAccess(LoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, login="loyalty_user", groups="loyalty_points.loyalty_points_group_user"
        )
        cls.manager = new_test_user(
            cls.env, login="loyalty_manager", groups="loyalty_points.loyalty_points_group_manager"
        )
        cls.account = cls._account("Anna Access", points=50)

    def test_user_reads_but_cannot_correct_or_configure(self):
        account = self.account.with_user(self.user)
        self.assertEqual(account.balance, 50)
        with self.assertRaises(AccessError):
            self.env["points.move"].with_user(self.user).create(
                {"account_id": account.id, "kind": "correction", "points": 5, "reason": "x"}
            )
        with self.assertRaises(AccessError):
            self.program.with_user(self.user).write({"threshold_points": 1})

    def test_manager_books_a_correction(self):
        self.env["points.move"].with_user(self.manager).create(
            {"account_id": self.account.id, "kind": "correction", "points": 5, "reason": "goodwill"}
        )
        self.assertEqual(self.account.balance, 55)

    def test_api_user_reads_no_accounts_and_cannot_call_without_group(self):
        with self.assertRaises(AccessError):
            self.env["points.account"].with_user(self.api_user).search([])
        plain = new_test_user(self.env, login="plain_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["points.account"].with_user(plain).card_info(self.account.card_number)

    def test_other_company_does_not_see_the_programme(self):
        other = self.env["res.company"].create({"name": "Andere GmbH"})
        outsider = new_test_user(
            self.env,
            login="other_company_user",
            groups="loyalty_points.loyalty_points_group_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.env["points.account"].with_user(outsider).search([]))
        self.assertFalse(self.env["points.program"].with_user(outsider).search([]))
