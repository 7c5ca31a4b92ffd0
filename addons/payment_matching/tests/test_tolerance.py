from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PaymentMatchingCase


@tagged("post_install", "-at_install")
class TestTolerance(PaymentMatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.difference_account = cls.copy_account(cls.company_data["default_account_expense"])

    def _tolerant(self, amount=0.05, percent=0.0, account=True):
        self.bank_journal.write(
            {
                "payment_tolerance_amount": amount,
                "payment_tolerance_percent": percent,
                "payment_writeoff_account_id": self.difference_account.id if account else False,
            }
        )

    def _confirm_best(self, line, record):
        line.with_user(self.matcher).action_compute_proposals()
        field = "invoice_ids" if record._name == "account.move" else "sale_order_ids"
        best = line.payment_match_proposal_ids.filtered(lambda p: record in p[field])[:1]
        self.assertTrue(best, f"{record.name} is proposed for {line.amount}")
        best.with_user(self.matcher).action_confirm()
        return best

    def _difference_items(self, line):
        return line.move_id.line_ids.filtered(lambda aml: aml.account_id == self.difference_account)

    def test_underpayment_within_tolerance_booked_off(self):
        self._tolerant(amount=0.05)
        invoice = self._invoice(119.0)
        line = self._line(118.97, f"Rechnung {invoice.name}")
        best = self._confirm_best(line, invoice)
        self.assertEqual(best.kind, "exact", "3 cents short is within the tolerance")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"), "settled in full")
        self.assertRecordValues(self._difference_items(line), [{"debit": 0.03, "credit": 0.0}])
        self.assertTrue(line.is_reconciled)

    def test_overpayment_within_tolerance_booked_off(self):
        self._tolerant(amount=0.05)
        invoice = self._invoice(119.0)
        line = self._line(119.04, f"Rechnung {invoice.name}")
        self._confirm_best(line, invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertRecordValues(self._difference_items(line), [{"debit": 0.0, "credit": 0.04}])
        self.assertFalse(
            line.move_id.line_ids.filtered(
                lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
            ),
            "no credit of 4 cents is left on the customer's account",
        )

    def test_without_difference_account_the_difference_stays_open(self):
        self._tolerant(amount=0.05, account=False)
        invoice = self._invoice(119.0)
        line = self._line(118.97, f"Rechnung {invoice.name}")
        best = self._confirm_best(line, invoice)
        self.assertEqual(best.kind, "exact", "matched as exact all the same")
        self.assertEqual(invoice.payment_state, "partial")
        self.assertAlmostEqual(invoice.amount_residual, 0.03, places=2)
        self.assertFalse(self._difference_items(line))

    def test_percent_tolerance_settles_prepayment_order(self):
        self._tolerant(amount=0.0, percent=2.0)
        order = self._order(quantity=2)  # 100.00
        line = self._line(98.50, f"Bestellung {order.name}")
        best = self._confirm_best(line, order)
        self.assertEqual(best.kind, "exact", "1.50 short of 100.00 is within 2 %")
        self.assertEqual(order.prepayment_state, "paid")
        receivable = line.move_id.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        )
        self.assertRecordValues(receivable, [{"credit": 100.0}])
        self.assertRecordValues(self._difference_items(line), [{"debit": 1.5}])

    def test_outside_tolerance_is_partial_and_nothing_booked_off(self):
        self._tolerant(amount=0.05)
        invoice = self._invoice(119.0)
        line = self._line(100.0, f"Rechnung {invoice.name}")
        best = self._confirm_best(line, invoice)
        self.assertEqual(best.kind, "partial")
        self.assertAlmostEqual(invoice.amount_residual, 19.0, places=2)
        self.assertFalse(self._difference_items(line))

    def test_default_tolerance_matches_exact_amounts_only(self):
        invoice = self._invoice(119.0)
        line = self._line(118.99, f"Rechnung {invoice.name}")
        line._propose_matches()
        best = line.payment_match_proposal_ids.filtered(lambda p: invoice in p.invoice_ids)[:1]
        self.assertEqual(best.kind, "partial", "tolerance 0 by default: one cent is partial")

    def test_each_journal_matches_with_its_own_tolerance(self):
        self._tolerant(amount=0.05)
        strict = self.bank_journal.copy({"name": "Strict", "code": "STRCT"})
        strict.write({"payment_tolerance_amount": 0.0, "payment_writeoff_account_id": False})
        invoice = self._invoice(119.0)
        tolerant_line = self._line(118.97, f"Rechnung {invoice.name}")
        strict_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": strict.id,
                "date": "2026-03-10",
                "amount": 118.97,
                "payment_ref": f"Rechnung {invoice.name}",
                "partner_name": "Erika Mustermann",
            }
        )
        (tolerant_line | strict_line)._propose_matches()
        kinds = [
            line.payment_match_proposal_ids.filtered(lambda p: invoice in p.invoice_ids)[:1].kind
            for line in (tolerant_line, strict_line)
        ]
        self.assertEqual(kinds, ["exact", "partial"])

    def test_manual_match_kind_uses_the_tolerance(self):
        self._tolerant(amount=0.05)
        invoice = self._invoice(119.0)
        line = self._line(118.97, "Danke")
        wizard = self.env["payment.match.manual.wizard"].create(
            {"statement_line_id": line.id, "invoice_ids": [Command.set(invoice.ids)]}
        )
        self.assertEqual(wizard._match_kind(), "exact")
        wizard.with_user(self.matcher).action_confirm()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertRecordValues(self._difference_items(line), [{"debit": 0.03}])

    def test_unreasonable_tolerance_refused(self):
        for values in ({"payment_tolerance_amount": 10.01}, {"payment_tolerance_percent": 5.5}):
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, "between 0"):
                self.bank_journal.write(values)
