from decimal import Decimal
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from clearhouse.payments.paypal_api import PayPalClient
from clearhouse.payments.types import ParseResult, StatementLine

from .common import PaymentMatchingCase


@tagged("post_install", "-at_install")
class TestPayPalFees(PaymentMatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_account = cls.copy_account(cls.company_data["default_account_expense"])
        cls.eur_journal.payment_fee_account_id = cls.fee_account

    def _lines(self, journal=None):
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", (journal or self.eur_journal).id)], order="id"
        )

    def _import_paypal_csv(self, journal=None):
        return self._import(self._file("paypal_de.csv"), "paypal.csv", "paypal_csv", journal)

    def test_fee_becomes_its_own_line_booked_to_the_fee_account(self):
        self._import_paypal_csv()
        lines = self._lines()
        fees = lines.filtered("payment_fee")
        self.assertEqual(
            (lines - fees).mapped("amount"),
            [49.90, 1234.56, -19.90, -2000.00],
            "the payments keep PayPal's gross amount",
        )
        self.assertEqual(
            fees.mapped("amount"), [-1.30, -23.81, 0.52], "charged fees out, a returned fee in"
        )
        self.assertEqual(
            fees.mapped("clearhouse_import_id"),
            ["5TY12345AB678901C/fee", "7KL98765CD432109E/fee", "3CD45678EF901234G/fee"],
        )
        self.assertTrue(all(fees.mapped("is_reconciled")), "fees are booked at import")
        for fee in fees:
            counterpart = fee.move_id.line_ids.filtered(
                lambda aml, fee=fee: aml.account_id != fee.journal_id.default_account_id
            )
            self.assertEqual(counterpart.account_id, self.fee_account, fee.payment_ref)
        self.assertIn("PayPal fee 5TY12345AB678901C", fees[0].payment_ref)
        self.assertAlmostEqual(
            sum(lines.mapped("amount")),
            48.60 + 1210.75 - 19.38 - 2000.00,
            places=2,
            msg="the journal moves by PayPal's net amounts, as PayPal's balance does",
        )

    def test_reimport_adds_no_fee_twice(self):
        self._import_paypal_csv()
        before = self._lines()
        result = self._import_paypal_csv()
        self.assertEqual(self._lines(), before, "a re-import adds neither payment nor fee")
        self.assertIn("0 lines imported, 4 already imported", result["params"]["message"])

    def test_refetch_from_paypal_adds_no_fee_twice(self):
        paid = StatementLine(
            transaction_id="8AB",
            date="2026-03-11",
            amount=Decimal("49.90"),
            currency="EUR",
            remittance="Bestellung SO04711",
            fee=Decimal("1.30"),
        )
        self.eur_journal.write({"paypal_client_id": "client", "paypal_secret": "secret"})
        result = ParseResult(format="paypal_api", lines=[paid])
        with patch.object(PayPalClient, "transactions", return_value=result):
            first = self.eur_journal.with_user(self.matcher).action_fetch_paypal_transactions()
            self.eur_journal.with_user(self.matcher).action_fetch_paypal_transactions()
        self.assertRecordValues(
            self._lines(),
            [
                {"amount": 49.90, "payment_fee": False, "clearhouse_import_id": "8AB"},
                {"amount": -1.30, "payment_fee": True, "clearhouse_import_id": "8AB/fee"},
            ],
        )
        self.assertIn("1 PayPal fees booked", first["params"]["message"])

    def test_gross_payment_settles_the_order_and_fee_is_never_proposed(self):
        order = self._order(quantity=2)
        self.bank_journal.payment_fee_account_id = self.fee_account
        currency = self.bank_journal.currency_id or self.env.company.currency_id
        paid = StatementLine(
            transaction_id="9CD",
            date="2026-03-11",
            amount=Decimal("100.00"),
            currency=currency.name,
            remittance=f"Bestellung {order.name}",
            payer_name="Erika Mustermann",
            fee=Decimal("2.49"),
        )
        wizard = (
            self.env["payment.statement.import.wizard"]
            .with_user(self.matcher)
            .create({"journal_id": self.bank_journal.id, "filename": "PayPal API"})
        )
        wizard._import_result(ParseResult(lines=[paid]))
        lines = self._lines(self.bank_journal)
        gross, fee = (
            lines.filtered(lambda line: not line.payment_fee),
            lines.filtered("payment_fee"),
        )
        best = gross.payment_match_proposal_ids[:1]
        self.assertRecordValues(best, [{"kind": "exact", "sale_order_ids": order.ids}])
        self.assertFalse(fee.payment_match_proposal_ids, "a fee is PayPal's, not a customer's")
        best.with_user(self.matcher).action_confirm()
        self.assertEqual(order.prepayment_state, "paid", "the gross amount pays the order in full")
        receivable = gross.move_id.line_ids.filtered(lambda aml: aml.account_id.reconcile)
        self.assertAlmostEqual(sum(receivable.mapped("credit")), 100.0, places=2)

    def test_undoing_a_match_keeps_the_fee_booked(self):
        """Why a line of its own: Odoo rebuilds a statement line's entry on undo."""
        invoice = self._invoice(49.90)
        self.bank_journal.payment_fee_account_id = self.fee_account
        currency = self.bank_journal.currency_id or self.env.company.currency_id
        paid = StatementLine(
            transaction_id="7EF",
            date="2026-03-11",
            amount=Decimal("49.90"),
            currency=currency.name,
            remittance=f"Rechnung {invoice.name}",
            fee=Decimal("1.30"),
        )
        wizard = self.env["payment.statement.import.wizard"].create(
            {"journal_id": self.bank_journal.id, "filename": "PayPal API"}
        )
        wizard._import_result(ParseResult(lines=[paid]))
        lines = self._lines(self.bank_journal)
        gross, fee = (
            lines.filtered(lambda line: not line.payment_fee),
            lines.filtered("payment_fee"),
        )
        gross.payment_match_proposal_ids[:1].with_user(self.matcher).action_confirm()
        gross.action_undo_reconciliation()
        self.assertFalse(gross.is_reconciled, "the match is undone")
        self.assertTrue(fee.is_reconciled, "the fee stays booked")
        self.assertIn(self.fee_account, fee.move_id.line_ids.account_id)

    def test_without_fee_account_the_fee_waits_until_one_is_set(self):
        self.eur_journal.payment_fee_account_id = False
        result = self._import_paypal_csv()
        fees = self._lines().filtered("payment_fee")
        self.assertEqual(len(fees), 3, "the fees are imported all the same")
        self.assertFalse(any(fees.mapped("is_reconciled")), "and wait in the suspense account")
        self.assertIn("until the journal has a PayPal fee account", result["params"]["message"])
        fees._propose_matches()
        self.assertFalse(fees.payment_match_proposal_ids, "a returned fee is never matched")
        self.eur_journal.payment_fee_account_id = self.fee_account
        self.assertTrue(all(fees.mapped("is_reconciled")), "setting the account books them")
        booked = fees.move_id.line_ids.filtered(lambda aml: aml.account_id == self.fee_account)
        self.assertEqual(
            sorted(booked.mapped("amount_currency")),
            [-0.52, 1.30, 23.81],
            "charged fees are expenses, the returned fee reduces them",
        )

    def test_fee_line_cannot_be_matched_by_hand(self):
        self.eur_journal.payment_fee_account_id = False
        self._import_paypal_csv()
        returned = self._lines().filtered(lambda line: line.payment_fee and line.amount > 0)
        wizard = self.env["payment.match.manual.wizard"].create(
            {
                "statement_line_id": returned.id,
                "invoice_ids": [Command.set(self._invoice(0.52).ids)],
            }
        )
        with self.assertRaisesRegex(UserError, "not a customer's payment"):
            wizard.with_user(self.matcher).action_confirm()
