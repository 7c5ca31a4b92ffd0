from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

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

    def test_manager_sets_up_a_partner_and_a_rule_in_the_forms(self):
        env = self.env(user=self.manager)
        with Form(env["carrier.exchange.partner"]) as form:
            form.name = "Paket Süd"
            form.code = "SUED"
            form.protocol = "sftp"
            form.host = "sftp.sued.example"
            form.login = "clearhouse"
            form.file_format = "csv"
            form.csv_columns = "reference,order_ref,name,street,zip,city,country,product,quantity"
        partner = form.save()
        self.assertEqual(partner._delivery_csv_profile().columns[0], "reference")
        with Form(env["carrier.routing.rule"]) as form:
            form.name = "Everything to the south"
            form.exchange_partner_id = partner
            form.max_weight = 30
        self.assertEqual(form.save().company_id, partner.company_id)
        with self.assertRaises(ValidationError):
            partner.csv_columns = "reference,colour"

    def test_user_sees_the_partner_form_without_credentials(self):
        views = (
            self.env["carrier.exchange.partner"].with_user(self.user).get_views([(False, "form")])
        )
        arch = views["views"]["form"]["arch"]
        self.assertIn('name="protocol"', arch)
        self.assertNotIn('name="password"', arch)
        self.assertNotIn('name="inbound_hmac_secret"', arch)

    def test_every_screen_loads_for_its_users(self):
        """Each action's views and the extended core forms render for the groups using them."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "carrier_exchange"), ("model", "=", "ir.actions.act_window")]
        )
        actions = self.env["ir.actions.act_window"].browse(data.mapped("res_id"))
        self.assertGreaterEqual(len(actions), 5)
        for user in (self.user, self.manager):
            for action in actions:
                modes = [m for m in action.view_mode.split(",") if m != "activity"]
                with self.subTest(user=user.login, action=action.name):
                    model = self.env[action.res_model].with_user(user)
                    views = model.get_views([(False, mode) for mode in modes] + [(False, "search")])
                    self.assertEqual(set(views["views"]), {*modes, "search"})
        stock_user = new_test_user(self.env, login="stock_only", groups="stock.group_stock_user")
        for user, model in (
            (stock_user, "stock.picking"),
            (self.salesman, "sale.order"),
            (self.salesman, "res.partner"),
            (stock_user, "product.template"),
        ):
            with self.subTest(user=user.login, model=model):
                self.env[model].with_user(user).get_views([(False, "form"), (False, "list")])
