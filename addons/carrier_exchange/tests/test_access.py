from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import ExchangeFixturesMixin


@tagged("post_install", "-at_install")
class TestAccess(ExchangeFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()
        cls.nord.write({"password": "not-a-real-password", "login": "nord"})

    def test_credentials_are_for_managers_only(self):
        partner = self.nord.with_user(self.user)
        self.assertEqual(partner.name, "Fulfilment Nord")
        with self.assertRaises(AccessError):
            partner.read(["password"])
        self.assertEqual(
            self.nord.with_user(self.manager).read(["password"])[0]["password"],
            "not-a-real-password",
        )

    def test_users_cannot_configure_partners_or_rules(self):
        with self.assertRaises(AccessError):
            self.env["carrier.exchange.partner"].with_user(self.user).create(
                {"name": "X", "code": "X"}
            )
        with self.assertRaises(AccessError):
            self.rule_small.with_user(self.user).write({"max_weight": 99})
        self.rule_small.with_user(self.manager).write({"max_weight": 30})

    def test_salesman_confirming_an_order_routes_it(self):
        order = self._orders([(self._customer(), [(self.mug, 1)])], confirm=False)
        order.user_id = self.salesman
        order.with_user(self.salesman).action_confirm()
        picking = self._deliveries(order)
        self.assertEqual(picking.exchange_state, "ready")
        self.assertEqual(picking.exchange_partner_id, self.nord)
        with self.assertRaises(AccessError):
            self.env["carrier.exchange.document"].with_user(self.salesman).search([])

    def test_endpoint_token_is_shown_once_and_stored_hashed(self):
        action = self.nord.with_user(self.manager).action_generate_inbound_token()
        token = action["params"]["message"].rsplit(" ", 1)[-1]
        self.assertNotIn(token, self.nord.inbound_token_hash)
        self.assertTrue(self.nord._check_inbound_token(token))
        self.assertFalse(self.nord._check_inbound_token(token + "x"))
        self.assertTrue(self.nord.with_user(self.user).inbound_token_set)

    def test_other_company_partner_is_invisible(self):
        other = self.env["res.company"].create({"name": "Other Service Center"})
        self.env["carrier.exchange.partner"].create(
            {"name": "Foreign", "code": "FOREIGN", "company_id": other.id}
        )
        visible = self.env["carrier.exchange.partner"].with_user(self.user).search([])
        self.assertNotIn("FOREIGN", visible.mapped("code"))
