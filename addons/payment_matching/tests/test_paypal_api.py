from decimal import Decimal
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from clearhouse.payments.paypal_api import PayPalClient, PayPalError
from clearhouse.payments.types import ParseResult, StatementLine

from .common import PaymentMatchingCase


def _result():
    line = StatementLine(
        transaction_id="1AB23456CD789012E",
        date="2026-03-11",
        amount=Decimal("49.90"),
        currency="EUR",
        remittance="Bestellung SO04711",
        payer_name="Erika Mustermann",
    )
    return ParseResult(format="paypal_api", lines=[line], skipped=1)


@tagged("post_install", "-at_install")
class TestPayPalApi(PaymentMatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur_journal.write(
            {
                "paypal_client_id": "test-client",
                "paypal_secret": "test-secret",
                "paypal_sandbox": True,
            }
        )

    def _lines(self):
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.eur_journal.id)]
        )

    def test_fetch_imports_once(self):
        with patch.object(PayPalClient, "transactions", return_value=_result()) as search:
            result = self.eur_journal.with_user(self.matcher).action_fetch_paypal_transactions()
            self.eur_journal.with_user(self.matcher).action_fetch_paypal_transactions()
        start, end = search.call_args.args
        self.assertEqual((end - start).days, 3, "the last 3 days are searched by default")
        self.assertRecordValues(
            self._lines(),
            [{"amount": 49.90, "clearhouse_import_id": "1AB23456CD789012E"}],
        )
        self.assertIn("1 lines imported", result["params"]["message"])

    def test_fetch_error_becomes_user_error(self):
        error = PayPalError("PayPal answered 503", retryable=True)
        with (
            patch.object(PayPalClient, "transactions", side_effect=error),
            self.assertRaisesRegex(UserError, "try again later"),
        ):
            self.eur_journal.action_fetch_paypal_transactions()

    def test_credentials_hidden_from_matchers(self):
        journal = self.eur_journal.with_user(self.matcher)
        self.assertNotIn("paypal_secret", journal.fields_get())
        with self.assertRaises(UserError):
            self.bank_journal.action_fetch_paypal_transactions()

    def test_cron_imports_every_journal_once_and_notes_failures(self):
        self.bank_journal.write({"paypal_client_id": "refused-client", "paypal_secret": "x"})

        def transactions(client, start, end):
            if client.client_id == "refused-client":
                raise PayPalError("PayPal answered 401", retryable=False)
            return _result()

        with patch.object(PayPalClient, "transactions", autospec=True, side_effect=transactions):
            self.env["account.journal"]._cron_fetch_paypal_transactions()
            self.env["account.journal"]._cron_fetch_paypal_transactions()
        self.assertRecordValues(
            self._lines(), [{"amount": 49.90, "clearhouse_import_id": "1AB23456CD789012E"}]
        )
        notes = self.bank_journal.message_ids.mapped("body")
        self.assertTrue(any("PayPal" in str(body) for body in notes), notes)
        cron = self.env.ref("payment_matching.ir_cron_fetch_paypal_transactions")
        self.assertTrue(cron.active)
