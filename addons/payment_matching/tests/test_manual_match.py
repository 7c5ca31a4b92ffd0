from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PaymentMatchingCase


@tagged("post_install", "-at_install")
class TestManualMatch(PaymentMatchingCase):
    def _wizard(self, line, user=None):
        Wizard = self.env["payment.match.manual.wizard"].with_user(user or self.matcher)
        return Form(
            Wizard.with_context(active_model="account.bank.statement.line", active_id=line.id)
        )

    def test_manual_match_without_reference_pays_invoice(self):
        invoice = self._invoice(75.0)
        line = self._line(75.0, "Danke", payer="Unbekannt")
        form = self._wizard(line)
        form.invoice_ids.add(invoice)
        self.assertEqual(form.amount_selected, 75.0, "the wizard totals the selection")
        self.assertEqual(form.amount_difference, 0.0)
        form.save().action_confirm()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"), "the invoice is paid")
        self.assertTrue(line.is_reconciled, "the statement line is reconciled")
        proposal = line.payment_match_proposal_ids.filtered(lambda p: p.state == "confirmed")
        self.assertRecordValues(
            proposal,
            [
                {
                    "kind": "exact",
                    "score": 0,
                    "decided_by": self.matcher.id,
                    "invoice_ids": invoice.ids,
                }
            ],
        )
        self.assertIn("Matched manually by", proposal.explanation, "the decision is logged")
        self.assertIn("Confirmed by", proposal.message_ids[:1].body)

    def test_manual_match_order_and_invoice_partial(self):
        invoice = self._invoice(80.0)
        order = self._order(quantity=2)
        line = self._line(150.0, "Sammelzahlung")
        form = self._wizard(line)
        form.invoice_ids.add(invoice)
        form.sale_order_ids.add(order)
        wizard = form.save()
        self.assertEqual(wizard.amount_selected, 180.0)
        self.assertEqual(wizard._match_kind(), "partial", "less paid than selected")
        wizard.action_confirm()
        proposal = line.payment_match_proposal_ids
        self.assertEqual(proposal.candidate_kind, "mixed")
        self.assertEqual(order.prepayment_state, "paid", "the prepayment order is released")

    def test_manual_match_kind_from_amounts(self):
        first, second = self._invoice(40.0), self._invoice(60.0)
        cases = [(100.0, first | second, "multiple"), (50.0, first, "overpayment")]
        for amount, invoices, kind in cases:
            with self.subTest(kind=kind):
                wizard = self.env["payment.match.manual.wizard"].create(
                    {
                        "statement_line_id": self._line(amount, "x").id,
                        "invoice_ids": [Command.set(invoices.ids)],
                    }
                )
                self.assertEqual(wizard._match_kind(), kind)

    def test_manual_match_needs_selection_and_matcher(self):
        line = self._line(10.0, "x")
        wizard = self.env["payment.match.manual.wizard"].create({"statement_line_id": line.id})
        with self.assertRaises(UserError):
            wizard.with_user(self.matcher).action_confirm()
        outgoing = self._line(-10.0, "x")
        self.env["payment.match.manual.wizard"].create(
            {
                "statement_line_id": outgoing.id,
                "invoice_ids": [Command.set(self._invoice(10.0).ids)],
            }
        )
        with self.assertRaisesRegex(UserError, "Only incoming"):
            self.env["payment.match.manual.wizard"].search(
                [("statement_line_id", "=", outgoing.id)]
            ).with_user(self.matcher).action_confirm()
        with self.assertRaises(Exception):  # noqa: B017 - AccessError on model or method
            wizard.with_user(self.plain_user).action_confirm()
