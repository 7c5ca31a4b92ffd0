import threading

from odoo import Command, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTakeNextConcurrency(TransactionCase):
    """Two clerks press "Take next" at the same moment: they get different orders."""

    def setUp(self):
        super().setUp()
        self._cleanup()
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            # An urgent reason puts these two orders before anything else waiting.
            env["clearing.reason"].create(
                {"code": "race_test", "name": "Race test", "priority": "3", "kind": "manual"}
            )
            partner = env["res.partner"].create({"name": "Race Customer TN"})
            product = env["product.product"].create({"name": "Race Product TN", "type": "consu"})
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "client_order_ref": f"TAKE-RACE-{i}",
                        "order_line": [Command.create({"product_id": product.id})],
                    }
                    for i in range(2)
                ]
            )
            orders._send_to_clearing("race_test", "race")
            self.order_ids = set(orders.ids)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {})
            orders = env["sale.order"].search([("client_order_ref", "like", "TAKE-RACE-")])
            orders.unlink()
            env["res.partner"].search([("name", "=", "Race Customer TN")]).unlink()
            env["product.product"].search([("name", "=", "Race Product TN")]).unlink()
            env["clearing.episode"].search([("reason_id.code", "=", "race_test")]).unlink()
            env["clearing.reason"].search([("code", "=", "race_test")]).unlink()

    def test_two_cursors_take_different_orders(self):
        registry = self.env.registry
        results, errors = {}, []
        barrier = threading.Barrier(2)
        release = threading.Event()

        def clerk(name):
            try:
                with registry.cursor() as cr:
                    # Post-install tests hold the registry lock: set the transaction directly.
                    cr.transaction = api.Transaction(registry)
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    barrier.wait(10)
                    action = env["sale.order"].action_take_next()
                    results[name] = action.get("res_id")
                    release.wait(10)  # keep the row lock until both have taken
                    cr.rollback()
            except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
                errors.append(repr(exc))
                release.set()

        threads = [threading.Thread(target=clerk, args=(n,)) for n in ("a", "b")]
        for thread in threads:
            thread.start()
        for _ in range(100):
            if len(results) == 2 or errors:
                break
            threading.Event().wait(0.1)
        release.set()
        for thread in threads:
            thread.join(20)
        self.assertFalse(errors, errors)
        self.assertEqual(len(results), 2)
        self.assertNotEqual(results["a"], results["b"], "SKIP LOCKED hands out different orders")
        self.assertEqual(set(results.values()), self.order_ids)
