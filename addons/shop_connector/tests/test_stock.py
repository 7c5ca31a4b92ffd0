from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.clearhouse_job.tests.common import run_jobs
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.addons.shop_connector.models.shop_backend import ShopBackend

from clearhouse.shops import ShopError, StockPushResult

from .common import ShopFixturesMixin


class FakeClient:
    def __init__(self, error=None):
        self.error = error
        self.calls = []

    def push_stock(self, levels):
        self.calls.append(levels)
        if self.error:
            raise self.error
        return StockPushResult(pushed=tuple(level.product_ref for level in levels))


@tagged("post_install", "-at_install")
class TestStockFeedback(ShopFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shop_fixtures(shop_type="woocommerce")
        cls.backend_a.product_mapping_ids.filtered(lambda m: m.sku == "SH-MUG").write(
            {"shop_product_ref": "101"}
        )
        cls.backend_b.product_mapping_ids.write({"shop_product_ref": "201"})
        cls.backend_b.product_mapping_ids = [
            Command.create({"sku": "SH-CAP", "product_id": cls.product_b.id})
        ]
        # 1000 in stock from the fixtures: bring the mug down to 8.
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_a, cls.warehouse.lot_stock_id, -992
        )

    def _stock_logs(self, backend):
        return self.env["shop.sync.log"].search(
            [("backend_id", "=", backend.id), ("operation", "=", "stock")]
        )

    def _sell(self, quantity, number):
        orders = [self._order_dict(number, quantity=quantity)]
        self.env["shop.backend"].with_user(self.api_user_a).submit_shop_orders("SHOPA", orders)

    def test_selling_down_to_minimum_queues_one_update_per_backend(self):
        backends = self.backend_a | self.backend_b
        backends._queue_stock_update()
        self.assertFalse(self._stock_logs(self.backend_a), "8 above the minimum 5: nothing")
        self._sell(4, "ST-1")  # 8 -> 4: at or below the minimum of 5
        backends._queue_stock_update()
        for backend, ref in ((self.backend_a, "101"), (self.backend_b, "201")):
            log = self._stock_logs(backend)
            self.assertEqual(len(log), 1, "one batched update per backend")
            self.assertEqual(log.state, "pending")
            self.assertEqual(
                log.payload["levels"],
                [{"product_ref": ref, "quantity": 4, "stock_status": "instock", "parent_ref": ""}],
            )
        self._sell(4, "ST-2")  # 4 -> 0: sold out
        backends._queue_stock_update()
        log = self._stock_logs(self.backend_a)
        self.assertEqual(len(log), 1, "a pending update is merged, not duplicated")
        self.assertEqual(
            log.payload["levels"],
            [{"product_ref": "101", "quantity": 0, "stock_status": "outofstock", "parent_ref": ""}],
        )
        backends._queue_stock_update()
        self.assertEqual(len(self._stock_logs(self.backend_a)), 1, "no change, nothing new")

    def _run_sync_jobs(self, client):
        with patch.object(ShopBackend, "_get_client", lambda self: client):
            return run_jobs(self.env, "shop.sync.log", "_sync_job")

    def _sync_job(self, log):
        return self.env["queue.job"].search(
            [("identity_key", "=", log._job_identity("send"))], order="id desc", limit=1
        )

    def test_queue_pushes_and_retries_with_backoff(self):
        self._sell(4, "ST-3")
        self.backend_a._queue_stock_update()
        log = self._stock_logs(self.backend_a)
        before = fields.Datetime.now()
        self._run_sync_jobs(FakeClient(ShopError("down", retryable=True)))
        job = self._sync_job(log)
        self.assertEqual(log.state, "pending", "a retryable failure stays queued")
        self.assertEqual((job.state, job.retry), ("pending", 1))
        # The core's backoff with the shop base of 300 s: 150 to 300 s for the first retry.
        self.assertGreaterEqual(job.eta, before + timedelta(seconds=150))
        self.assertLessEqual(job.eta, fields.Datetime.now() + timedelta(seconds=301))
        job.eta = fields.Datetime.now() - timedelta(seconds=1)
        with patch.object(type(log), "_sync_failed_for_good", autospec=True) as hook:
            self._run_sync_jobs(FakeClient(ShopError("bad key", retryable=False)))
        self.assertEqual(log.state, "failed", "a permanent failure is a sync problem")
        self.assertEqual(log.attempts, 2)
        self.assertEqual(hook.call_count, 1, "the failed-for-good hook is told once")
        self.assertIn(log, self.env["shop.sync.log"].search([("state", "=", "failed")]))
        log.with_user(self.shop_user).action_retry()
        self.assertEqual(log.state, "pending")
        good = FakeClient()
        self._run_sync_jobs(good)
        self.assertEqual(log.state, "done")
        self.assertEqual([level.quantity for level in good.calls[0]], [4])
        self.assertFalse(self._run_sync_jobs(good), "done: nothing is sent twice")
        self.assertEqual(len(good.calls), 1)

    def test_merged_update_is_queued_once_in_the_shop_channel(self):
        with trap_jobs() as trap:
            self._sell(4, "ST-4")
            self.backend_a._queue_stock_update()
            self._sell(4, "ST-5")
            self.backend_a._queue_stock_update()
        log = self._stock_logs(self.backend_a)
        self.assertEqual(len(log), 1)
        trap.assert_jobs_count(1, only=log._sync_job)
        self.assertEqual(trap.enqueued_jobs[0].channel, "root.clearhouse.shop.SHOPA")
        with patch.object(ShopBackend, "_get_client", lambda self: FakeClient()):
            trap.perform_enqueued_jobs()
        self.assertEqual(log.state, "done")
        self.assertEqual(log.payload["levels"][0]["quantity"], 0, "the newest level is sent")
