from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LoyaltyCommon


def _receipt(ref, card, net=42.5, **values):
    return {
        "receipt_id": ref,
        "card_number": card,
        "date": "2026-11-14T10:15:00",
        "total": net * 1.19,
        "net": net,
        **values,
    }


@tagged("post_install", "-at_install")
class TestReceipts(LoyaltyCommon):
    def setUp(self):
        super().setUp()
        self.account = self._account("Till Kunde", points=10)
        self.api = self.env["points.receipt"].with_user(self.api_user)

    def test_receipt_sent_twice_is_booked_once(self):
        first = self.api.submit_receipts("B01", [_receipt("R-1", self.account.card_number)])
        self.assertEqual(
            first,
            [
                {
                    "receipt_id": "R-1",
                    "status": "booked",
                    "points": 42,
                    "balance": 52,
                    "error": False,
                }
            ],
        )
        again = self.api.submit_receipts(
            "B01",
            [_receipt("R-1", self.account.card_number), _receipt("R-1", self.account.card_number)],
        )
        self.assertEqual([a["status"] for a in again], ["duplicate", "duplicate"])
        self.assertEqual([a["points"] for a in again], [42, 42])
        self.assertEqual(self.account.balance, 52, "points booked once")
        self.assertEqual(len(self.env["points.receipt"].search([("receipt_ref", "=", "R-1")])), 1)

    def test_receipt_lines_of_excluded_category_and_returns(self):
        answers = self.api.submit_receipts(
            "B01",
            [
                _receipt(
                    "R-2",
                    self.account.card_number,
                    net=70,
                    lines=[{"sku": "COFFEE", "net": 20}, {"sku": "CIGARS", "net": 50}],
                ),
                _receipt("R-3", self.account.card_number, net=-15.0),
            ],
        )
        self.assertEqual([a["points"] for a in answers], [20, -15])
        self.assertEqual(answers[-1]["balance"], 15)
        kinds = self.account.move_ids.sorted("id").mapped("kind")
        self.assertEqual(kinds[-2:], ["earn", "reverse"], "a return at the till reverses")

    def test_bad_receipts_are_rejected_alone_with_field(self):
        answers = self.api.submit_receipts(
            "B01",
            [
                _receipt("R-4", "NO-SUCH-CARD"),
                {"receipt_id": "R-5", "card_number": self.account.card_number, "date": "x"},
                _receipt("R-6", self.account.card_number, net=10),
            ],
        )
        self.assertEqual([a["status"] for a in answers], ["rejected", "rejected", "booked"])
        self.assertIn("NO-SUCH-CARD", answers[0]["error"])
        self.assertIn("date", answers[1]["error"])
        self.assertFalse(self.env["points.receipt"].search([("receipt_ref", "in", ["R-4", "R-5"])]))

    def test_api_user_of_another_store_is_refused_and_sees_only_own_receipts(self):
        other = self.env["points.store"].create(
            {"name": "Hamburg", "code": "H01", "program_id": self.program.id}
        )
        other_user = new_test_user(
            self.env, login="till_h01", groups="loyalty_points.loyalty_points_group_api"
        )
        other.api_user_ids = other_user
        with self.assertRaises(AccessError):
            self.env["points.receipt"].with_user(other_user).submit_receipts(
                "B01", [_receipt("R-7", self.account.card_number)]
            )
        self.api.submit_receipts("B01", [_receipt("R-8", self.account.card_number)])
        self.assertFalse(self.env["points.receipt"].with_user(other_user).search([]))
        self.assertEqual(
            self.env["points.receipt"].with_user(self.api_user).search([]).mapped("receipt_ref"),
            ["R-8"],
        )

    def test_card_info_answers_name_balance_open_vouchers(self):
        voucher = self._voucher(self.account, 5.0, date_expiry="2099-01-31")
        used = self._voucher(self.account, 7.0)
        used._redeem(used.code, "till", "B01-1", 0)
        info = (
            self.env["points.account"].with_user(self.api_user).card_info(self.account.card_number)
        )
        self.assertEqual(info["name"], "Till Kunde")
        self.assertEqual(info["balance"], 10)
        self.assertEqual(
            info["vouchers"],
            [{"code": voucher.code, "amount": 5.0, "date_expiry": "2099-01-31"}],
        )
        self.assertFalse(
            self.env["points.account"].with_user(self.api_user).card_info("nope")["found"]
        )
        with self.assertQueryCount(8):
            self.env["points.account"].with_user(self.api_user).card_info(self.account.card_number)
