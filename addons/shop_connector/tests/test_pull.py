import json
from pathlib import Path
from unittest.mock import patch

import requests
import responses

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import ShopFixturesMixin

# The core's test files, in the repository (an installed clearhouse has no tests/).
DATA = Path(__file__).resolve().parents[3] / "clearhouse" / "tests" / "data" / "shops"
BASE = "https://shop.example.com"
ORDERS = f"{BASE}/wp-json/wc/v3/orders"
# Odoo's test guard against external requests (it patches Session.send in setUpClass)
# cannot compare the adapter's (connect, read) timeouts; ``responses`` answers every call
# here and refuses anything not registered, so the unpatched send is safe.
ORIGINAL_SEND = requests.sessions.Session.send


def _page(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@tagged("post_install", "-at_install")
class TestPullShop(ShopFixturesMixin, TransactionCase):
    """The order-pull cron against recorded WooCommerce answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shop_fixtures()
        product = cls.env["product.product"]
        mugs = product.create({"name": "Logo Mug", "default_code": "MUG-LOGO", "is_storable": True})
        caps = product.create({"name": "Black Cap", "default_code": "CAP-BLK", "is_storable": True})
        shirts = product.create(
            {"name": "Logo Shirt L", "default_code": "SHIRT-LOGO-L", "is_storable": True}
        )
        cls.woo = cls.env["shop.backend"].create(
            {
                "name": "Woo Shop",
                "code": "WOO",
                "shop_type": "woocommerce",
                "base_url": BASE,
                "api_key": "ck_test",
                "api_secret": "cs_test",
                "warehouse_id": cls.warehouse.id,
                "company_id": cls.company.id,
                "payment_mapping_ids": [
                    Command.create({"code": "bacs", "category": "prepayment"}),
                    Command.create({"code": "ppcp-gateway", "category": "paid"}),
                    Command.create({"code": "cod", "category": "cod"}),
                ],
                "product_mapping_ids": [
                    Command.create({"sku": p.default_code, "product_id": p.id})
                    for p in mugs | caps | shirts
                ],
            }
        )

    @staticmethod
    def _serve(mock, *pages):
        for name, total_pages in pages:
            mock.get(
                ORDERS,
                json=_page(name),
                headers={"X-WP-TotalPages": str(total_pages), "X-WP-Total": "3"},
            )

    def _pull(self):
        """The schedule queues one pull job per pull shop; the job runner runs it."""
        with trap_jobs() as trap:
            self.env["shop.backend"]._cron_fetch_orders()
            self.env["shop.backend"]._cron_fetch_orders()
        trap.assert_jobs_count(1, only=self.woo._fetch_orders_job)
        trap.perform_enqueued_jobs()

    def test_cron_pulls_new_orders_once(self):
        with (
            responses.RequestsMock() as mock,
            patch.object(requests.sessions.Session, "send", ORIGINAL_SEND),
        ):
            self._serve(mock, ("orders_page1.json", 2), ("orders_page2.json", 2))
            self._pull()
            # The next run reads the overlap window again: order 1003 comes back.
            self._serve(mock, ("orders_page2.json", 1))
            self._pull()
        orders = self.env["sale.order"].search([("shop_backend_id", "=", self.woo.id)])
        self.assertEqual(sorted(orders.mapped("external_ref")), ["1001", "1002", "1003"])
        self.assertTrue(self.woo.order_cursor, "the cursor moved to the newest change")
        bacs = orders.filtered(lambda o: o.external_ref == "1001")
        self.assertEqual(bacs.state, "draft", "prepayment waits for its payment")
        paid = orders.filtered(lambda o: o.external_ref == "1002")
        self.assertEqual(paid.state, "sale", "paid orders are confirmed at once")

    def test_backend_screens_load(self):
        manager = self.env.ref("base.user_admin")
        views = self.env["shop.backend"].with_user(manager).get_views([(False, "form")])
        labels = dict(views["models"]["shop.backend"]["fields"]["shop_type"]["selection"])
        self.assertEqual(labels["woocommerce"], "WooCommerce")
        self.assertIn("push", labels)
