import base64
import csv
import io
from datetime import date

from psycopg2 import IntegrityError

from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestVoucherRuns(LoyaltyCommon):
    def _run(self, kind="threshold", period="2026-11", **values):
        return self.env["points.run"].create(
            {"program_id": self.program.id, "kind": kind, "period": period, **values}
        )

    def test_monthly_run_issues_one_voucher_per_step_and_never_twice(self):
        rich = self._account("Reich Viel", points=1499)
        just = self._account("Knapp Genug", points=500)
        poor = self._account("Arm Wenig", points=499)
        others = [self._account(f"Kunde {n}", points=100 * n) for n in range(1, 8)]
        run = self._run()._run_process()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(rich.voucher_ids), 2)
        self.assertEqual(rich.balance, 499, "the rest below the threshold stays")
        self.assertEqual((len(just.voucher_ids), just.balance), (1, 0))
        self.assertEqual((len(poor.voucher_ids), poor.balance), (0, 499))
        self.assertEqual(sorted(rich.voucher_ids.mapped("step")), [1, 2])
        self.assertEqual(run.voucher_count, 2 + 1 + 3)  # 1499 twice; 500 (twice), 600, 700 once
        self.assertGreater(run.accounts_examined, 3, "went through several chunks of 3")
        self.assertEqual(sum(len(a.voucher_ids) for a in others), 3, "500, 600, 700 one each")
        self._earn(rich, 600)
        again = self.env["points.run"].browse(run.id)._run_process()
        self.assertEqual(again.voucher_count, 6, "a finished run does nothing again")
        rerun = self._run(period="2026-11-b")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError, msg="one run per programme, kind and period"),
        ):
            rerun.period = "2026-11"
            self.env.flush_all()

    def test_restarted_run_skips_accounts_served_in_the_period(self):
        account = self._account("Zweimal Gestartet", points=1000)
        run = self._run()
        run._run_process()
        self._earn(account, 1000)
        run.write({"state": "running", "last_account_id": 0})
        run._run_process()
        self.assertEqual(len(account.voucher_ids), 2, "a restart from zero issues nothing new")

    def test_segment_limits_the_run_and_counts(self):
        berlin = self._account("Berlin Kunde", points=600, store_id=self.store.id)
        elsewhere = self._account("Anders Wo", points=600)
        segment = self.env["points.segment"].create(
            {
                "name": "Berlin",
                "program_id": self.program.id,
                "domain": f"[('store_id', '=', {self.store.id})]",
            }
        )
        self.assertEqual(segment.account_count, 1)
        self._run(segment_id=segment.id)._run_process()
        self.assertEqual((len(berlin.voucher_ids), len(elsewhere.voucher_ids)), (1, 0))

    def test_birthday_voucher_timing_with_frozen_time(self):
        due = self._account("Geburtstag Bald", birthdate=date(1980, 12, 20))
        self._earn(due, 250, revenue=250.0, date="2026-06-01")
        late = self._account("Geburtstag Spaet", birthdate=date(1980, 12, 24))
        self._earn(late, 250, revenue=250.0, date="2026-06-01")
        small = self._account("Wenig Umsatz", birthdate=date(1980, 12, 20))
        self._earn(small, 100, revenue=100.0, date="2026-06-01")
        leap = self._account("Schalttag", birthdate=date(1984, 2, 29))
        self._earn(leap, 300, revenue=300.0, date="2026-12-01")
        with freeze_time("2026-12-02"):
            run = self._run("birthday", "2026-12-02")._run_process()
        self.assertEqual(run.voucher_ids.account_id, due, "21 days ahead, enough revenue")
        self.assertEqual(run.voucher_ids.period, "birthday-2026")
        self.assertEqual(run.voucher_ids.amount, 10.0)
        with freeze_time("2026-12-03"):
            later = self._run("birthday", "2026-12-03")._run_process()
        self.assertEqual(later.voucher_ids.account_id, late)
        with freeze_time("2027-02-07"):
            self.assertEqual(
                self._run("birthday", "2027-02-07")._run_process().voucher_ids.account_id,
                leap,
                "29 Feb is celebrated on 28 Feb in 2027",
            )
        with freeze_time("2026-12-02"):
            self._run("birthday", "2026-12-02-again").write({"period": "2026-12-01"})
            repeat = self.env["points.run"].search([("period", "=", "2026-12-01")])._run_process()
        self.assertFalse(repeat.voucher_ids, "one birthday voucher a year")

    def test_lettershop_export_field_by_field_and_blocked_left_out(self):
        title = self.env["res.partner.title"].create({"name": "Frau"})
        anna = self._account("Anna Brief", points=500)
        anna.partner_id.write({"title": title.id, "street2": "Hinterhaus"})
        blocked = self._account("Bernd Zurück", points=500)
        blocked.partner_id._postal_block("returned letter")
        run = self._run()._run_process()
        export = self.env["points.lettershop.export"].create({"run_id": run.id})
        export.action_generate()
        self.assertEqual((export.state, export.letter_count, export.blocked_count), ("done", 1, 1))
        self.assertEqual(export.blocked_partner_ids, blocked.partner_id)
        data = base64.b64decode(export.csv_file)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
        voucher = anna.voucher_ids
        self.assertEqual(rows[0][:3], ["Anrede", "Name", "Firma"])
        self.assertEqual(
            rows[1],
            [
                "Frau",
                "Anna Brief",
                "",
                "Invalidenstraße 116",
                "Hinterhaus",
                "10115",
                "Berlin",
                "DE",
                anna.card_number,
                "",
                voucher.code,
                "5,00",
                voucher.currency_id.name,
                voucher.date_expiry.strftime("%d.%m.%Y"),
                "threshold",
            ],
        )
        self.assertEqual(len(rows), 2, "the blocked customer gets no letter")
        self.assertTrue(base64.b64decode(export.xlsx_file).startswith(b"PK"), "an XLSX (zip)")
        self.assertTrue(export.csv_filename.endswith(".csv"))
