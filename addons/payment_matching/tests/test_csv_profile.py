import base64

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import PaymentMatchingCase

CSV = (
    "Kontoauszug Musterbank\n"
    "Wert;Summe;Text;Kunde;Konto;Ref\n"
    "2026-03-10;1.234,50;RE 4711;Erika Mustermann;DE89 3704 0044 0532 0130 00;TX-1\n"
    "2026-03-11;-20,00;Gebühr;Musterbank;;TX-2\n"
)


@tagged("post_install", "-at_install")
class TestCsvProfile(PaymentMatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls.env["payment.csv.profile"].create(
            {
                "name": "Musterbank",
                "delimiter": "semicolon",
                "encoding": "utf-8",
                "date_format": "%Y-%m-%d",
                "skip_rows": 1,
                "column_date": "Datum | Wert",
                "column_amount": "Summe",
                "column_remittance": "Text",
                "column_payer_name": "Kunde",
                "column_payer_iban": "Konto",
                "column_transaction_id": "Ref",
            }
        )

    def test_custom_profile_imports_csv(self):
        data = base64.b64encode(CSV.encode())
        self._import(data, "musterbank.csv", "csv", csv_profile_id=self.profile.id)
        lines = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.eur_journal.id)], order="date"
        )
        self.assertRecordValues(
            lines,
            [
                {
                    "amount": 1234.5,
                    "payment_ref": "RE 4711",
                    "partner_name": "Erika Mustermann",
                    "account_number": "DE89370400440532013000",
                    "clearhouse_import_id": "TX-1",
                },
                {
                    "amount": -20.0,
                    "payment_ref": "Gebühr",
                    "partner_name": "Musterbank",
                    "account_number": False,
                    "clearhouse_import_id": "TX-2",
                },
            ],
        )

    def test_to_core_profile_maps_fields(self):
        core = self.profile._to_core_profile()
        self.assertEqual(core.delimiter, ";")
        self.assertEqual(core.skip_rows, 1)
        self.assertEqual(core.columns["date"], ("Datum", "Wert"), "alternatives split on |")
        self.assertNotIn("debit", core.columns, "empty mappings are left out")

    def test_incomplete_profile_refused(self):
        with self.assertRaises(ValidationError):
            self.profile.copy({"sign": "debit_credit"})

    def test_only_managers_edit_profiles(self):
        self.profile.with_user(self.matcher).read(["name"])
        with self.assertRaises(AccessError):
            self.profile.with_user(self.matcher).write({"name": "x"})
