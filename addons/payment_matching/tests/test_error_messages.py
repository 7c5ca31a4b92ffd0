import base64
import re
from pathlib import Path
from unittest.mock import patch

import polib

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from clearhouse.payments import ERROR_CODES
from clearhouse.payments.paypal_api import PayPalClient, PayPalError

from ..tools.error_messages import FIELD_LABELS, MESSAGES
from .common import DATA, PaymentMatchingCase

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
I18N = Path(__file__).resolve().parent.parent / "i18n"
# Always there: the error's own line, field and record, and the renderer's example.
GIVEN = {"line", "field", "record", "example"}


@tagged("post_install", "-at_install")
class TestErrorCatalogue(PaymentMatchingCase):
    def test_every_core_code_has_a_sentence_with_its_params(self):
        self.assertEqual(sorted(set(ERROR_CODES) - set(MESSAGES)), [], "codes without text")
        self.assertEqual(sorted(set(MESSAGES) - set(ERROR_CODES)), [], "texts of no code")
        for code, template in MESSAGES.items():
            with self.subTest(code=code):
                used = set(PLACEHOLDER.findall(template._source))
                self.assertLessEqual(used, set(ERROR_CODES[code]) | GIVEN)

    def test_german_translation_is_complete(self):
        catalogue = polib.pofile(str(I18N / "de.po"))
        template = polib.pofile(str(I18N / "payment_matching.pot"))
        missing = [entry.msgid for entry in catalogue if not entry.msgstr and not entry.obsolete]
        self.assertEqual(missing, [], "every msgid of de.po is translated")
        untranslated = {entry.msgid for entry in template} - {entry.msgid for entry in catalogue}
        self.assertEqual(sorted(untranslated), [], "every term of the .pot is in de.po")
        sources = {text._source for text in (*MESSAGES.values(), *FIELD_LABELS.values())}
        self.assertEqual(sorted(sources - {entry.msgid for entry in catalogue}), [])
        for entry in catalogue:
            with self.subTest(msgid=entry.msgid[:40]):
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgstr)),
                    sorted(PLACEHOLDER.findall(entry.msgid)),
                    "a translation keeps every placeholder",
                )


@tagged("post_install", "-at_install")
class TestTranslatedErrors(PaymentMatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"].search(
            [("name", "=", "payment_matching")]
        )._update_translations(["de_DE"])

    def _import_as_german(self, data, filename, file_format, **values):
        wizard = (
            self.env["payment.statement.import.wizard"]
            .with_user(self.matcher)
            .with_context(lang="de_DE")  # as the web client sends the user's language
            .create(
                {
                    "journal_id": self.eur_journal.id,
                    "data_file": base64.b64encode(data),
                    "filename": filename,
                    "file_format": file_format,
                    **values,
                }
            )
        )
        return wizard.action_import()

    def test_file_error_in_the_users_language(self):
        paypal = (DATA / "paypal_de.csv").read_bytes().decode("utf-8-sig")
        with self.assertRaises(UserError) as caught:
            self._import_as_german(paypal.encode("cp1252"), "paypal.csv", "paypal_csv")
        message = str(caught.exception.args[0])
        self.assertIn("ist kein gültiges UTF-8", message, message)
        self.assertIn("0xE4", message, "the byte that does not fit")
        self.assertIn("Zeile 1", message)
        self.assertNotIn("cannot be read", message, "no English core text in the sentence")

    def test_row_errors_in_the_users_language(self):
        text = (
            "Buchungstag;Betrag;Verwendungszweck\r\n"
            "13.03.2026;49,90;SO04711\r\n"
            "14.03.2026;4x,00;SO04712\r\n"
            "31.02.2026;10,00;SO04713\r\n"
        )
        result = self._import_as_german(
            text.encode("cp1252"), "bank.csv", "csv", csv_profile="generic_de"
        )
        message = result["params"]["message"]
        self.assertIn("Zeile 3: Betrag: '4x,00' ist kein Betrag.", message, message)
        self.assertIn("Zeile 4: Datum: '31.02.2026' ist kein Datum wie 13.03.2026.", message)
        self.assertNotIn("is not", message, "no English core text")

    def test_paypal_error_in_the_users_language(self):
        self.eur_journal.write({"paypal_client_id": "client", "paypal_secret": "secret"})
        error = PayPalError(
            "PayPal /v1/reporting/transactions answered 401: Authentication failed",
            status=401,
            code="paypal_auth",
            path="/v1/reporting/transactions",
            detail="Authentication failed",
        )
        with (
            patch.object(PayPalClient, "transactions", side_effect=error),
            self.assertRaises(UserError) as caught,
        ):
            journal = self.eur_journal.with_user(self.matcher).with_context(lang="de_DE")
            journal.action_fetch_paypal_transactions()
        message = str(caught.exception.args[0])
        self.assertIn("prüfen Sie die Zugangsdaten", message, message)
        self.assertIn("Zugangsdaten abgelehnt (Status 401)", message)
        self.assertIn("Details: Authentication failed", message, "PayPal's own words, apart")
        self.assertNotIn("answered", message)

    def test_profile_error_in_the_users_language(self):
        profiles = self.env["payment.csv.profile"].with_context(lang="de_DE")
        with self.assertRaises(ValidationError) as caught:
            profiles.create(
                {
                    "name": "Ohne Jahr",
                    "column_date": "Datum",
                    "column_amount": "Betrag",
                    "date_format": "%d.%m.",
                }
            )
        message = str(caught.exception.args[0])
        self.assertIn("Tag, Monat und Jahr", message, message)
        self.assertNotIn("does not read back", message)
