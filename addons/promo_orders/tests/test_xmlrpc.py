import json
import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import Transport

from clearhouse.orders import INTAKE_RESULT_KEYS

from .common import PromoFixturesMixin


@tagged("post_install", "-at_install")
class TestXmlRpcIntake(PromoFixturesMixin, HttpCase):
    """A campaign website talks to Odoo through a real XML-RPC client and an API key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_promo_fixtures()
        # sudo: only sudo may create keys without expiry (as an admin does for a website)
        keys = cls.env["res.users.apikeys"]
        cls.api_key = keys.with_user(cls.api_user).sudo()._generate("rpc", "website", None)
        cls.plain_key = keys.with_user(cls.plain_user).sudo()._generate("rpc", "other", None)

    def _proxy(self):
        # A real XML-RPC client over HTTP; Odoo's transport only flushes the test cursor.
        return xmlrpc.client.ServerProxy(
            self.xmlrpc_url + "object", transport=Transport(self.cr), allow_none=True
        )

    def _call(self, login, key, orders):
        return self._proxy().execute_kw(
            self.env.cr.dbname,
            self._uid(login),
            key,
            "promo.campaign",
            "submit_orders",
            ["TEST26", orders],
        )

    def _uid(self, login):
        return self.env["res.users"].search([("login", "=", login)]).id

    def test_100_orders_then_same_call_again(self):
        orders = [self._order_dict(f"RPC-{i:03d}") for i in range(100)]
        orders[7]["customer"]["phone"] = "0301"  # one invalid order
        results = self._call("promo_api", self.api_key, orders)
        self.assertEqual(len(results), 100)
        self.assertEqual([r["external_ref"] for r in results], [o["external_ref"] for o in orders])
        self.assertTrue(all(r["order_id"] for r in results))
        self.assertEqual(results[7]["validation"], "invalid")
        self.assertIn("phone_invalid", [i["code"] for i in results[7]["issues"]])
        self.assertEqual(results[0]["validation"], "valid")
        again = self._call("promo_api", self.api_key, orders)
        self.assertEqual([r["order_id"] for r in again], [r["order_id"] for r in results])
        self.assertEqual(
            self.env["sale.order"].search_count([("promo_campaign_id", "=", self.campaign.id)]),
            100,
        )

    def test_json_rpc_answers_the_shared_shape(self):
        """The intake is a plain model method: JSON-RPC calls it unchanged."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.env.cr.dbname,
                    self._uid("promo_api"),
                    self.api_key,
                    "promo.campaign",
                    "submit_orders",
                    ["TEST26", [self._order_dict("JSON-1")]],
                ],
            },
        }
        response = self.url_open(
            "/jsonrpc", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        [result] = response.json()["result"]
        self.assertEqual(tuple(result), INTAKE_RESULT_KEYS, "every intake API answers alike")
        self.assertEqual(result["external_ref"], "JSON-1")
        self.assertEqual(result["validation"], "valid")
        self.assertEqual(result["state"], "confirmed")
        order = self.env["sale.order"].browse(result["order_id"])
        self.assertEqual(order.name, result["order_name"])

    def test_api_user_of_another_source_refused(self):
        other = new_test_user(
            self.env,
            login="promo_api_other",
            groups="base.group_user,clearhouse_order.clearhouse_order_group_api",
        )
        key = self.env["res.users.apikeys"].with_user(other).sudo()._generate("rpc", "x", None)
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            self._call("promo_api_other", key, [self._order_dict("RPC-Z")])
        self.assertIn("TEST26", ctx.exception.faultString, "not listed on the campaign")
        self.assertFalse(self.env["sale.order"].search([("external_ref", "=", "RPC-Z")]))

    def test_wrong_key_refused(self):
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            self._call("promo_api", "not-the-key", [self._order_dict("RPC-X")])
        self.assertIn("Access Denied", ctx.exception.faultString)

    def test_user_without_group_refused(self):
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            self._call("promo_plain", self.plain_key, [self._order_dict("RPC-Y")])
        self.assertIn("Order intake", ctx.exception.faultString)
        self.assertFalse(self.env["sale.order"].search([("external_ref", "=", "RPC-Y")]))

    def test_schema_and_sample_published(self):
        response = self.url_open("/promo_orders/schema/promo_orders-1.0.xsd")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"urn:clearhouse:promo-orders:1.0", response.content)
        sample = self.url_open("/promo_orders/schema/sample_orders.xml")
        self.assertIn(b"<order ", sample.content)
        self.assertEqual(self.url_open("/promo_orders/schema/..%2F__init__.py").status_code, 404)
