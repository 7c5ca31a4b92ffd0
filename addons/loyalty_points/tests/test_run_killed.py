import signal
import subprocess
import sys
import time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

NAME = "Killed Run KILL-LOY"
ACCOUNTS = 300
CHUNK = 5
PERIOD = "2026-11"

# Runs the voucher run in another process, committing per chunk, as the cron does.
SCRIPT = """
import sys
import odoo
from odoo.tools import config
config.parse_config(sys.argv[2:])
from odoo.modules.registry import Registry
registry = Registry(config["db_name"])
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env["points.run"].browse(int(sys.argv[1]))._run_process(commit=True)
"""


def _points(index):
    """Balances 250, 500, 1000, 1250, 1500, 250, ... (0 to 3 vouchers of 500)."""
    return 250 * (1 + index % 6)


@tagged("post_install", "-at_install")
class TestRunKilledAndRestarted(TransactionCase):
    """Acceptance: a monthly run killed (SIGKILL) halfway and restarted issues exact totals,
    no voucher twice; running it again for the period issues nothing."""

    def setUp(self):
        super().setUp()
        self._cleanup()
        self.addCleanup(self._cleanup)
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env["points.program"].create(
                {"name": NAME, "threshold_points": 500, "run_chunk_size": CHUNK}
            )
            partners = env["res.partner"].create(
                [{"name": NAME, "ref": str(n)} for n in range(ACCOUNTS)]
            )
            accounts = env["points.account"].create(
                [{"partner_id": p.id, "program_id": program.id} for p in partners]
            )
            env["points.move"].create(
                [
                    {"account_id": a.id, "kind": "earn", "points": _points(n)}
                    for n, a in enumerate(accounts)
                ]
            )
            self.run_id = (
                env["points.run"]
                .create({"program_id": program.id, "period": PERIOD, "state": "queued"})
                .id
            )
        self.expected = sum(_points(n) // 500 for n in range(ACCOUNTS))

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            programs = (
                env["points.program"].with_context(active_test=False).search([("name", "=", NAME)])
            )
            accounts = env["points.account"].search([("program_id", "in", programs.ids)])
            env["points.voucher"].search([("account_id", "in", accounts.ids)]).unlink()
            env["points.move"].search([("account_id", "in", accounts.ids)]).unlink()
            env["points.run"].search([("program_id", "in", programs.ids)]).unlink()
            partners = accounts.partner_id
            accounts.unlink()
            partners.unlink()
            programs.card_sequence_id.unlink()
            programs.unlink()

    def _worker(self):
        args = [f"--database={self.env.cr.dbname}"]
        for key in ("addons_path", "db_host", "db_port", "db_user", "db_password"):
            if config.get(key):
                args.append(
                    f"--{key.replace('_', '-') if key == 'addons_path' else key}={config[key]}"
                )
        return subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(self.run_id), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _state(self):
        with self.env.registry.cursor() as cr:
            cr.execute(
                "SELECT r.state, COALESCE(r.accounts_examined, 0),"
                " (SELECT COUNT(*) FROM points_voucher v WHERE v.run_id = r.id)"
                " FROM points_run r WHERE r.id = %s",
                [self.run_id],
            )
            row = cr.fetchone()
        self.assertTrue(row, f"run {self.run_id} committed")
        return row

    def _wait(self, condition, process, seconds=300):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self._state()
            if condition(state) or process.poll() is not None:
                return state
            time.sleep(0.01)
        raise AssertionError(f"the worker did not get there in {seconds} s: {state}")

    def test_killed_run_resumes_with_exact_totals(self):
        first = self._worker()
        state = self._wait(lambda s: s[1] >= ACCOUNTS // 4, first)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
        state = self._state()
        self.assertEqual(state[0], "running", f"killed halfway, not finished: {state}")
        self.assertLess(state[1], ACCOUNTS)
        self.assertGreater(state[2], 0, "some chunks were committed before the kill")

        second = self._worker()
        second.wait(timeout=600)
        self.assertEqual(second.returncode, 0)
        state, examined, vouchers = self._state()
        self.assertEqual((state, examined), ("done", ACCOUNTS))
        self.assertEqual(vouchers, self.expected, "exact total, none twice, none missing")

        self.env.invalidate_all()
        run = self.env["points.run"].browse(self.run_id)
        accounts = self.env["points.account"].search([("program_id", "=", run.program_id.id)])
        self.assertTrue(all(balance < 500 for balance in accounts._balances().values()))
        converts = self.env["points.move"].search_count(
            [("account_id", "in", accounts.ids), ("kind", "=", "convert")]
        )
        self.assertEqual(converts, sum(1 for n in range(ACCOUNTS) if _points(n) >= 500))

        # The same period again (a restart from scratch) issues nothing.
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["points.move"].create(
                {"account_id": accounts[0].id, "kind": "earn", "points": 5000}
            )
            env["points.run"].browse(self.run_id).write({"state": "queued", "last_account_id": 0})
        third = self._worker()
        third.wait(timeout=600)
        self.assertEqual(self._state()[2], self.expected, "no second voucher in the period")
