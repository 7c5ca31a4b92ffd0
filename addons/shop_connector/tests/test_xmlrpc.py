import xmlrpc.client

from odoo.tests import HttpCase, tagged
from odoo.tests.common import Transport

from .common import ShopFixturesMixin


@tagged("post_install", "-at_install")
class TestShopXmlRpc(ShopFixturesMixin, HttpCase):
    """Shops talk to Odoo through a real XML-RPC client and an API key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shop_fixtures()
        # sudo: only sudo may create keys without expiry (as an admin does for a shop)
        keys = cls.env["res.users.apikeys"]
        cls.key_a = keys.with_user(cls.api_user_a).sudo()._generate("rpc", "shop a", None)
        cls.key_b = keys.with_user(cls.api_user_b).sudo()._generate("rpc", "shop b", None)

    def _call(self, user, key, method, *args):
        proxy = xmlrpc.client.ServerProxy(
            self.xmlrpc_url + "object", transport=Transport(self.cr), allow_none=True
        )
        return proxy.execute_kw(
            self.env.cr.dbname, user.id, key, "shop.backend", method, list(args)
        )

    def test_200_orders_two_backends_resubmit_no_duplicates(self):
        # Mostly prepayment (stays draft, cheap), every tenth paid (confirmed).
        def orders(prefix):
            return [
                self._order_dict(
                    f"{prefix}-{i:03d}",
                    payment="paypal" if i % 10 == 0 else "bacs",
                    email=f"c{i % 40}@example.com",
                )
                for i in range(100)
            ]

        first_a = self._call(
            self.api_user_a, self.key_a, "submit_shop_orders", "SHOPA", orders("A")
        )
        first_b = self._call(
            self.api_user_b, self.key_b, "submit_shop_orders", "SHOPB", orders("B")
        )
        self.assertEqual(len(first_a) + len(first_b), 200)
        self.assertTrue(all(r["order_id"] and not r["issues"] for r in first_a + first_b))
        self.assertEqual(first_a[0]["state"], "confirmed")
        self.assertEqual(first_a[1]["state"], "awaiting_payment")
        again = self._call(self.api_user_a, self.key_a, "submit_shop_orders", "SHOPA", orders("A"))
        self.assertEqual([r["order_id"] for r in again], [r["order_id"] for r in first_a])
        self.assertTrue(all(r["duplicate"] for r in again))
        order_model = self.env["sale.order"]
        self.assertEqual(
            order_model.search_count([("shop_backend_id", "=", self.backend_a.id)]), 100
        )
        self.assertEqual(
            order_model.search_count([("shop_backend_id", "=", self.backend_b.id)]), 100
        )
        partners = order_model.search([("shop_backend_id", "=", self.backend_a.id)]).partner_id
        self.assertEqual(len(partners), 40, "customers are matched by e-mail, not duplicated")
        status = self._call(self.api_user_a, self.key_a, "get_order_status", "SHOPA", ["A-001"])
        self.assertEqual(status[0]["state"], "awaiting_payment")

    def test_user_of_backend_a_refused_on_backend_b(self):
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            self._call(
                self.api_user_a,
                self.key_a,
                "submit_shop_orders",
                "SHOPB",
                [self._order_dict("X-1")],
            )
        self.assertIn("SHOPB", ctx.exception.faultString)
        self.assertFalse(self._order(self.backend_b, "X-1"))

    def test_stock_levels_over_rpc(self):
        levels = self._call(
            self.api_user_a, self.key_a, "get_stock_levels", "SHOPA", ["SH-MUG", "NOPE"]
        )
        self.assertEqual(levels[0]["quantity"], 1000)
        self.assertEqual(levels[1]["stock_status"], "unknown")
