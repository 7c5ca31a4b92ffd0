import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PaymentMatchingCase


@tagged("post_install", "-at_install")
class TestStatementImport(PaymentMatchingCase):
    def _imported(self):
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.eur_journal.id)]
        )

    def test_import_camt053_creates_lines(self):
        result = self._import(self._file("camt053_v08_volksbank.xml"), "volksbank.xml")
        lines = self._imported()
        self.assertEqual(len(lines), 5, "every booked entry of the sample becomes a line")
        self.assertEqual(result["params"]["type"], "success")
        self.assertTrue(all(lines.mapped("clearhouse_import_id")), "lines carry the bank id")
        first = lines.filtered(lambda line: line.clearhouse_import_id == "GLS20260316-7781-0001")
        self.assertRecordValues(
            first,
            [
                {
                    "amount": 119.80,
                    "payment_ref": "SO04712 SO04713 Schröder",
                    "partner_name": "Anna Schröder",
                    "account_number": "DE60500105175407324061",
                }
            ],
        )

    def test_import_twice_creates_nothing(self):
        self._import(self._file("camt053_v08_volksbank.xml"), "volksbank.xml")
        before = self._imported()
        result = self._import(self._file("camt053_v08_volksbank.xml"), "volksbank.xml")
        self.assertEqual(self._imported(), before, "a re-import must not add lines")
        self.assertIn("0 lines imported, 5 already imported", result["params"]["message"])

    def test_import_malformed_file_raises_and_imports_nothing(self):
        data = base64.b64encode(b"<?xml version='1.0'?><Document><BkToCstmrStmt>")
        with self.assertRaisesRegex(UserError, r"broken\.xml.*line"):
            self._import(data, "broken.xml")
        self.assertFalse(self._imported(), "nothing of a malformed file is imported")

    def test_import_csv_needs_profile(self):
        with self.assertRaises(UserError):
            self._import(self._file("generic_de.csv"), "generic.csv", file_format="csv")

    def test_import_other_formats(self):
        cases = [
            ("mt940_sparkasse.sta", "mt940", {}, 7),
            ("generic_de.csv", "csv", {"csv_profile": "generic_de"}, 4),
            ("paypal_de.csv", "paypal_csv", {}, 7),  # 4 payments, 3 with a fee line
            ("camt053_batch.zip", "camt053", {}, 9),
        ]
        for filename, file_format, values, expected in cases:
            with self.subTest(filename=filename):
                journal = self.eur_journal.copy({"name": filename, "code": filename[:5]})
                self._import(self._file(filename), filename, file_format, journal, **values)
                lines = self.env["account.bank.statement.line"].search(
                    [("journal_id", "=", journal.id)]
                )
                self.assertEqual(len(lines), expected, f"bookings of {filename} imported")

    def test_import_skips_other_currency(self):
        result = self._import(self._file("paypal_en.csv"), "paypal_en.csv", "paypal_csv")
        self.assertIn("1 in another currency", result["params"]["message"])
        lines = self._imported()
        self.assertEqual(len(lines - lines.filtered("payment_fee")), 2, "only EUR bookings")
        self.assertEqual(len(lines.filtered("payment_fee")), 2, "and their fees, not the GBP fee")
