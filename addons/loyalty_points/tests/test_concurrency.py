import random
import threading
import time
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

NAME = "Race Loyalty RACE-LOY"
WORKERS = 64


@tagged("post_install", "-at_install")
class TestConcurrentRedemption(TransactionCase):
    """Real committed transactions racing (one cursor per thread); cleans up after itself.

    Each worker runs its call the way the RPC layer does (``odoo.service.model.retrying``:
    a serialization failure is tried again in a fresh transaction). Odoo's function itself
    reloads the registry, whose lock the test runner holds, so ``_retrying`` repeats it.
    """

    def setUp(self):
        super().setUp()
        self._cleanup()  # an interrupted earlier run may have left its data
        self.addCleanup(self._cleanup)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env["points.program"].create({"name": NAME, "sequence": 0})
            partner = env["res.partner"].create({"name": NAME})
            account = env["points.account"].create(
                {"partner_id": partner.id, "program_id": program.id}
            )
            self.codes = (
                env["points.voucher"]
                .create([{"account_id": account.id, "amount": 5.0} for _ in range(2)])
                .mapped("code")
            )
            product = env["product.product"].create(
                {"name": NAME, "type": "service", "list_price": 20.0}
            )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "points_voucher_code": self.codes[1],
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            self.order_id = order.id
            self.card = account.card_number

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].search([("name", "=", NAME)])
            orders = env["sale.order"].search([("partner_id", "in", partners.ids)])
            orders._action_cancel()
            accounts = env["points.account"].search([("partner_id", "in", partners.ids)])
            vouchers = env["points.voucher"].search([("account_id", "in", accounts.ids)])
            env["points.redemption"].search([("voucher_id", "in", vouchers.ids)]).unlink()
            orders.unlink()
            vouchers.unlink()
            env["points.move"].search([("account_id", "in", accounts.ids)]).unlink()
            env["points.receipt"].search([("account_id", "in", accounts.ids)]).unlink()
            accounts.unlink()
            programs = (
                env["points.program"].with_context(active_test=False).search([("name", "=", NAME)])
            )
            env["points.store"].with_context(active_test=False).search(
                [("program_id", "in", programs.ids)]
            ).unlink()
            programs.card_sequence_id.unlink()
            programs.unlink()
            partners.unlink()
            env["product.product"].search([("name", "=", NAME)]).unlink()

    def _thread_env(self, cr):
        # The test runner holds the registry lock: a thread gets the registry directly.
        cr.transaction = api.Transaction(self.env.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _committed(self, code, order_id=None):
        """Voucher state, redemption count, channel and order state as committed."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                "SELECT v.state, COUNT(r.id), MIN(r.channel),"
                " (SELECT state FROM sale_order WHERE id = %s)"
                " FROM points_voucher v LEFT JOIN points_redemption r ON r.voucher_id = v.id"
                " WHERE v.code = %s GROUP BY v.id",
                [order_id, code],
            )
            state, count, channel, order_state = cr.fetchone()
        return state, count, channel if order_id else None, order_state

    @staticmethod
    def _retrying(call, env, tries=5):
        for attempt in range(1, tries + 1):
            try:
                result = call(env)
                env.cr.flush()
                return result
            except SerializationFailure:
                if attempt == tries:
                    raise
                env.cr.rollback()
                time.sleep(random.uniform(0.0, 0.1 * 2**attempt))
        return None

    def _race(self, calls):
        """Run ``calls`` (functions of an env) at once, each in its own transaction."""
        barrier = threading.Barrier(len(calls))
        results = [None] * len(calls)

        def worker(index, call):
            try:
                with self.env.registry.cursor() as cr:
                    env = self._thread_env(cr)
                    barrier.wait(timeout=120)
                    results[index] = self._retrying(call, env)
            except UserError as exc:
                results[index] = {"accepted": False, "reason": "refused", "error": str(exc)}

        threads = [threading.Thread(target=worker, args=item) for item in enumerate(calls)]
        # One connection per worker: more than Odoo's default pool of 64 connections.
        with patch.object(sql_db._Pool, "_maxconn", WORKERS + 16):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=300)
        return results

    def test_64_concurrent_redemptions_one_accepted(self):
        code = self.codes[0]
        calls = [
            (lambda env, n=n: env["points.voucher"].redeem_voucher(code, f"TILL-{n}", "till", 20.0))
            for n in range(WORKERS)
        ]
        results = self._race(calls)
        accepted = [r for r in results if r and r["accepted"]]
        refused = [r for r in results if r and not r["accepted"]]
        self.assertEqual(len(accepted), 1, "exactly one redemption wins")
        self.assertEqual(len(refused), WORKERS - 1)
        self.assertEqual({r["reason"] for r in refused}, {"used"})
        self.assertEqual(self._committed(code), ("used", 1, None, None))

    def test_order_confirmation_races_api_redemption(self):
        code = self.codes[1]
        order_id = self.order_id

        def confirm(env):
            env["sale.order"].browse(order_id).action_confirm()
            return {"accepted": True, "reason": False}

        def redeem(env):
            return env["points.voucher"].redeem_voucher(code, "WEB-RACE", "shop", 20.0, self.card)

        results = self._race([confirm, redeem])
        self.assertEqual(sum(1 for r in results if r["accepted"]), 1, results)
        state, count, channel, order_state = self._committed(code, order_id)
        self.assertEqual((state, count), ("used", 1), "one redemption record")
        if results[0]["accepted"]:
            self.assertEqual((channel, order_state), ("sale_order", "sale"))
        else:
            self.assertEqual((channel, order_state), ("shop", "draft"), "refusal left nothing")


@tagged("post_install", "-at_install")
class TestConcurrentReceipts(TransactionCase):
    """The same receipt sent by two workers at the same moment is booked once."""

    def setUp(self):
        super().setUp()
        self._cleanup()
        self.addCleanup(self._cleanup)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env["points.program"].create({"name": NAME})
            env["points.store"].create({"name": NAME, "code": "RACE-LOY", "program_id": program.id})
            partner = env["res.partner"].create({"name": NAME})
            account = env["points.account"].create(
                {"partner_id": partner.id, "program_id": program.id}
            )
            self.card, self.account_id = account.card_number, account.id

    _cleanup = TestConcurrentRedemption._cleanup

    def test_same_receipt_by_two_workers_booked_once(self):
        receipt = {
            "receipt_id": "RACE-1",
            "card_number": self.card,
            "date": "2026-12-01T09:00:00",
            "total": 119.0,
            "net": 100.0,
        }
        barrier = threading.Barrier(2)
        answers = []

        def worker():
            with self.env.registry.cursor() as cr:
                env = TestConcurrentRedemption._thread_env(self, cr)
                barrier.wait(timeout=60)
                answers.extend(
                    TestConcurrentRedemption._retrying(
                        lambda env: env["points.receipt"].submit_receipts("RACE-LOY", [receipt]),
                        env,
                    )
                )

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(sorted(a["status"] for a in answers), ["booked", "duplicate"])
        self.assertEqual({a["points"] for a in answers}, {100})
        with self.env.registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*), SUM(points) FROM points_move WHERE account_id = %s",
                [self.account_id],
            )
            self.assertEqual(cr.fetchone(), (1, 100), "booked once")
