from odoo.tests import new_test_user, tagged

from odoo.addons.loyalty_points.tests.common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestServiceDeskLoyalty(LoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="desk_loyalty_agent",
            groups="service_desk.service_desk_group_user,loyalty_points.loyalty_points_group_user",
        )
        cls.lead = new_test_user(
            cls.env, login="desk_loyalty_lead", groups="service_desk.service_desk_group_manager"
        )
        cls.program2 = cls.env["points.program"].create({"name": "Shop-Karte"})
        cls.contacts = cls.env["res.partner"].create(
            [{"name": f"Erika Muster {n}", "email": f"erika{n}@example.com"} for n in range(5)]
        )
        accounts = cls.env["points.account"]
        cls.accounts = accounts.create(
            [
                {"partner_id": cls.contacts[0].id, "program_id": cls.program.id},
                {"partner_id": cls.contacts[1].id, "program_id": cls.program.id},
                {"partner_id": cls.contacts[2].id, "program_id": cls.program.id},
                {"partner_id": cls.contacts[3].id, "program_id": cls.program2.id},
                {"partner_id": cls.contacts[4].id, "program_id": cls.program2.id},
            ]
        )

    def _voucher(self, account, **values):
        return self.env["points.voucher"].create(
            {"account_id": account.id, "amount": 5.0, **values}
        )

    def test_finder_by_card_number_and_voucher_code(self):
        account = self.env["points.account"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Karla Karte"}).id,
                "program_id": self.program2.id,
                "card_number": "400012345678",
            }
        )
        voucher = self._voucher(self.accounts[1])
        self.assertEqual(self._find("4000 1234 5678"), account.partner_id)
        self.assertEqual(self._find(voucher.code.lower()), self.contacts[1])
        self.assertEqual(self._find(voucher.code), self.contacts[1])
        # About 1 in 100 random codes holds no digit.
        letters = self._voucher(self.accounts[2], code="KASAM-YYDFA-MANNE")
        self.assertEqual(self._find(letters.code.lower()), self.contacts[2])
        self.assertFalse(self.env["res.partner"]._desk_find_card("999999999999"))

    def _find(self, text):
        partners = self.env["res.partner"].with_user(self.agent)
        return partners.search([("desk_search", "ilike", text)])

    def test_service_view_shows_open_vouchers_only(self):
        open_voucher = self._voucher(self.accounts[0])
        self._voucher(self.accounts[0]).sudo().state = "used"
        partner = self.contacts[0].with_user(self.agent)
        self.assertEqual(partner.desk_open_voucher_ids, open_voucher)
        self.assertEqual(partner.points_account_ids, self.accounts[0])

    def test_merge_five_contacts_keeps_points_moves_vouchers_and_cards(self):
        moves = self.env["points.move"]
        for points, account in zip((100, 200, 300, 400, 500), self.accounts, strict=True):
            moves |= self.env["points.move"].create(
                {"account_id": account.id, "kind": "earn", "points": points, "revenue": points}
            )
        # Two cards of one programme got the same run voucher of a period.
        vouchers = self._voucher(self.accounts[0], period="2026-11", step=1)
        vouchers |= self._voucher(self.accounts[1], period="2026-11", step=1)
        vouchers |= self._voucher(self.accounts[2])
        vouchers |= self._voucher(self.accounts[3])
        kept_cards = (self.accounts[0] | self.accounts[3]).mapped("card_number")
        folded_card = self.accounts[1].card_number
        target = self.contacts[0]
        wizard = (
            self.env["service.desk.partner.merge"]
            .with_user(self.lead)
            .create({"partner_ids": [(6, 0, self.contacts.ids)], "dst_partner_id": target.id})
        )
        wizard.action_merge()
        self.assertEqual(self.contacts.exists(), target)
        self.assertEqual(moves.exists(), moves, "every points move kept")
        self.assertEqual(vouchers.exists(), vouchers, "every voucher kept")
        self.assertEqual(moves.partner_id, target)
        self.assertEqual(vouchers.partner_id, target)
        # One card per programme: the kept contact's card in the first, the oldest in the other.
        cards = target.points_account_ids
        self.assertEqual(sorted(cards.mapped("card_number")), sorted(kept_cards))
        self.assertEqual(cards.program_id, self.program | self.program2)
        balances = {card.program_id: card.balance for card in cards}
        self.assertEqual(balances, {self.program: 600, self.program2: 900})
        self.assertEqual(sorted(vouchers[:2].mapped("step")), [1, 2])
        card = cards.filtered(lambda c: c.program_id == self.program)
        self.assertIn(folded_card, card.message_ids[0].body)
