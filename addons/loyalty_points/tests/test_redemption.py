from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestRedemption(LoyaltyCommon):
    def setUp(self):
        super().setUp()
        self.account = self._account("Vera Voucher")
        self.voucher = self._voucher(self.account, 5.0, date_expiry="2099-12-31")
        self.api = self.env["points.voucher"].with_user(self.api_user)

    def test_voucher_is_accepted_once_then_refused_as_used(self):
        first = self.api.redeem_voucher(self.voucher.code, "WEB-1", "shop", 30.0)
        self.assertTrue(first["accepted"])
        self.assertEqual(first["amount"], 5.0)
        self.assertEqual(self.voucher.state, "used")
        second = self.api.redeem_voucher(self.voucher.code, "TILL-9", "till", 30.0)
        self.assertEqual((second["accepted"], second["reason"]), (False, "used"))

    def test_same_channel_and_order_ref_is_idempotent(self):
        first = self.api.redeem_voucher(self.voucher.code, "WEB-2", "shop", 3.0)
        again = self.api.redeem_voucher(self.voucher.code.lower(), "WEB-2", "shop", 3.0)
        self.assertTrue(again["accepted"] and again["duplicate"])
        self.assertEqual(again["amount"], first["amount"])
        self.assertEqual(first["amount"], 3.0, "an order below the value uses the order amount")
        other = self._voucher(self.account, 5.0)
        refused = self.api.redeem_voucher(other.code, "WEB-2", "shop", 3.0)
        self.assertEqual(refused["reason"], "order_redeemed")
        self.assertEqual(other.state, "open", "nothing half-written")
        self.assertEqual(len(self.voucher.redemption_ids), 1)

    def test_malformed_code_is_unknown_without_any_query(self):
        typo = self.voucher.code[:-1] + ("2" if self.voucher.code[-1] != "2" else "3")
        with self.assertQueryCount(0):
            answer = self.env["points.voucher"].sudo()._redeem(typo, "shop", "WEB-3", 0)
        self.assertEqual(answer["reason"], "unknown")

    def test_wellformed_unknown_expired_and_other_customer(self):
        from clearhouse.loyalty.codes import generate_code

        self.assertEqual(
            self.api.redeem_voucher(generate_code(), "WEB-4", "shop")["reason"], "unknown"
        )
        old = self._voucher(self.account, 5.0, date_expiry="2020-01-31")
        self.assertEqual(self.api.redeem_voucher(old.code, "WEB-5", "shop")["reason"], "expired")
        stranger = self._account("Stefan Fremd")
        answer = self.api.redeem_voucher(
            self.voucher.code, "WEB-6", "shop", card_number=stranger.card_number
        )
        self.assertEqual(answer["reason"], "other_customer")
        self.assertEqual(self.voucher.state, "open")
        own = self.api.redeem_voucher(
            self.voucher.code, "WEB-7", "shop", card_number=self.account.card_number
        )
        self.assertTrue(own["accepted"])

    def test_sale_order_confirmation_redeems_through_the_same_path(self):
        order = self._order(self.account.partner_id, [(self.product, 1)])
        order.points_voucher_code = self.voucher.code
        order.action_confirm()
        self.assertEqual(self.voucher.state, "used")
        self.assertEqual(order.points_redemption_id.voucher_id, self.voucher)
        self.assertEqual(order.amount_untaxed, 95.0, "the voucher line takes 5 EUR off")
        self.assertEqual(self.account.balance, 95, "points on what the customer paid")
        second = self._order(self.account.partner_id, [(self.product, 1)])
        second.points_voucher_code = self.voucher.code
        with self.assertRaisesRegex(UserError, "already been used"):
            second.action_confirm()
        self.assertEqual(second.state, "draft")

    def test_sale_order_of_another_customer_is_refused(self):
        stranger = self._partner("Fritz Fremd")
        order = self._order(stranger, [(self.product, 1)])
        order.points_voucher_code = self.voucher.code
        with self.assertRaisesRegex(UserError, "another customer"):
            order.action_confirm()
        self.assertEqual(self.voucher.state, "open")

    def test_expiry_cron_marks_past_vouchers(self):
        old = self._voucher(self.account, 5.0, date_expiry="2020-01-31")
        self.env["points.voucher"]._cron_expire()
        self.assertEqual((old.state, self.voucher.state), ("expired", "open"))
