import threading
from datetime import timedelta

from odoo import Command, api, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from clearhouse.clearing import queue as core_queue

from ..models.sale_order import OPEN_INDEX, OPEN_STATES, TAKE_NEXT_INDEX
from .common import ClearingCase


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

    def test_stale_snapshot_takes_another_order_without_serialization_failure(self):
        """Clerk B's transaction has its snapshot before clerk A's take commits.

        Under REPEATABLE READ, B still sees A's order free: locking it would be a
        serialization failure. The claim's own READ COMMITTED transaction skips it.
        """
        registry = self.env.registry
        with registry.cursor() as cr_b, registry.cursor() as cr_a:
            cr_b.transaction = api.Transaction(registry)
            cr_a.transaction = api.Transaction(registry)
            env_b = api.Environment(cr_b, api.SUPERUSER_ID, {})
            env_a = api.Environment(cr_a, api.SUPERUSER_ID, {})
            # B's snapshot: both orders are free.
            waiting = env_b["sale.order"].search(
                [("id", "in", list(self.order_ids)), ("clearing_state", "=", "in_clearing")]
            )
            self.assertEqual(set(waiting.ids), self.order_ids)
            taken_a = env_a["sale.order"].action_take_next()["res_id"]
            cr_a.commit()
            taken_b = env_b["sale.order"].action_take_next()["res_id"]  # no exception
            cr_b.commit()
        self.assertEqual({taken_a, taken_b}, self.order_ids)
        with registry.cursor() as cr:
            cr.execute(
                "SELECT clearing_state, count(*) FROM sale_order WHERE id = ANY(%s) GROUP BY 1",
                [list(self.order_ids)],
            )
            self.assertEqual(dict(cr.fetchall()), {"in_progress": 2})


@tagged("post_install", "-at_install")
class TestClearingIndexes(ClearingCase):
    """What the clearing indexes promise, read from the query plans of a small database.

    The planner prefers sorting a few rows to any index, so sequential scans and sorts
    are priced out: a plan that still sorts or reads the table means the index cannot
    serve the query (wrong columns, order or condition).
    """

    def _plan(self, query):
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_sort = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("RESET enable_seqscan")
        self.env.cr.execute("RESET enable_sort")
        return plan

    def test_take_next_reads_its_index_in_order(self):
        for index in range(4):
            self._order(f"IDX-{index}", street="Invalidenstraße")._send_to_clearing("manual")
        plan = self._plan(self.env["sale.order"].with_user(self.clerk)._clearing_take_next_query())
        self.assertIn(TAKE_NEXT_INDEX, plan)
        self.assertNotIn("Sort", plan, "take-next must not sort the backlog")
        self.assertIn("LockRows", plan)

    def test_backlog_groups_read_the_open_index(self):
        self._order("IDX-OPEN", street="Invalidenstraße")._send_to_clearing("manual")
        query = self.env["sale.order"]._search([("clearing_state", "in", OPEN_STATES)])
        query.groupby = SQL("sale_order.clearing_reason_id")
        plan = self._plan(query.select(SQL("sale_order.clearing_reason_id"), SQL("count(*)")))
        self.assertIn(OPEN_INDEX, plan)


@tagged("post_install", "-at_install")
class TestClearingTimeStats(ClearingCase):
    """The dashboard's average and 90th percentile, aggregated by PostgreSQL, are the
    core's (``clearing_time_stats``: nearest rank)."""

    def test_sql_stats_are_the_cores(self):
        orders = self.env["sale.order"]
        for index in range(11):
            order = self._order(f"STAT-{index}", street="Invalidenstraße 1")
            order._send_to_clearing("manual")
            orders |= order
        now = fields.Datetime.now()
        for index, episode in enumerate(orders.clearing_episode_ids.sorted("id")):
            episode.entered_at = now - timedelta(hours=(index * 7) % 13 + index / 4)
        orders.with_user(self.lead).action_clearing_release()
        episodes = self.env["clearing.episode"]
        domain = [("order_id", "in", orders.ids), ("outcome", "=", "released")]
        durations = episodes.search(domain).mapped("duration_hours")
        self.assertEqual(len(durations), 11)
        sql_stats = episodes._clearing_time_stats(domain)
        core_stats = core_queue.clearing_time_stats(durations)
        self.assertEqual(sql_stats.count, core_stats.count)
        self.assertEqual(sql_stats.p90_hours, core_stats.p90_hours)
        self.assertAlmostEqual(sql_stats.average_hours, core_stats.average_hours, places=6)
        self.assertEqual(len(set(durations)), 11, "distinct values: the rank matters")
        empty = [("id", "=", 0)]
        self.assertEqual(episodes._clearing_time_stats(empty), core_queue.clearing_time_stats([]))
