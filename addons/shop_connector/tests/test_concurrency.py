from odoo import Command, api
from odoo.tests import TransactionCase, tagged

from .common import ShopFixturesMixin

CODE = "RACE-SHOP"


@tagged("post_install", "-at_install")
class TestConcurrentShopIntake(TransactionCase):
    """The same shop order from two workers: the second finds the first's order.

    Uses real, committed transactions (two cursors), so it cleans up after itself.
    """

    def setUp(self):
        super().setUp()
        self._cleanup()  # an interrupted earlier run may have left its data
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            product = env["product.product"].create(
                {"name": "Race Mug", "default_code": "RACE-SHOP-MUG", "type": "consu"}
            )
            env["shop.backend"].create(
                {
                    "name": "Race Shop",
                    "code": CODE,
                    "payment_mapping_ids": [
                        Command.create({"code": "bacs", "category": "prepayment"})
                    ],
                    "product_mapping_ids": [
                        Command.create({"sku": "RACE-SHOP-MUG", "product_id": product.id})
                    ],
                }
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            backend = (
                env["shop.backend"].with_context(active_test=False).search([("code", "=", CODE)])
            )
            orders = env["sale.order"].search([("shop_backend_id", "in", backend.ids)])
            partners = orders.partner_id | orders.partner_shipping_id
            orders.unlink()
            partners.filtered(lambda p: not p.sale_order_ids).unlink()
            backend.unlink()
            env["product.product"].search([("default_code", "=", "RACE-SHOP-MUG")]).unlink()

    def _submit(self, env):
        backend = env["shop.backend"].search([("code", "=", CODE)])
        order = ShopFixturesMixin._order_dict(
            "RACE-1", payment="bacs", email="race@example.com", sku="RACE-SHOP-MUG"
        )
        return env["shop.order.intake"]._submit(backend, [order])

    def test_same_order_from_two_workers(self):
        registry = self.env.registry
        cr1 = registry.cursor()
        try:
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            # The first worker's snapshot starts before the second commits.
            env1["shop.backend"].search([("code", "=", CODE)])
            with registry.cursor() as cr2:
                env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
                second = self._submit(env2)
            first = self._submit(env1)
            cr1.commit()
        finally:
            cr1.close()
        self.assertTrue(second[0]["order_id"])
        self.assertEqual(
            first[0]["order_id"],
            second[0]["order_id"],
            "the worker that lost the race returns the winner's order",
        )
        self.assertTrue(first[0]["duplicate"])
        self.assertEqual(first[0]["issues"], [])
