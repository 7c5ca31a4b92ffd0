from odoo.tests import tagged

from .common import PaymentMatchingCase


@tagged("post_install", "-at_install")
class TestMatching(PaymentMatchingCase):
    def test_invoice_reference_confirm_reconciles(self):
        invoice = self._invoice(119.0)
        line = self._line(119.0, f"Rechnung {invoice.name} danke")
        line.with_user(self.matcher).action_compute_proposals()
        proposals = line.payment_match_proposal_ids
        best = proposals.filtered(lambda p: invoice in p.invoice_ids)[:1]
        self.assertTrue(best, "the invoice is proposed for the line")
        self.assertGreaterEqual(best.score, 90, best.explanation)
        self.assertEqual(best.kind, "exact")
        self.assertTrue(best.explanation, "the proposal explains itself")
        best.with_user(self.matcher).action_confirm()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertTrue(line.is_reconciled, "the statement line is reconciled")
        self.assertTrue(line.payment_matched)
        self.assertEqual(best.state, "confirmed")
        self.assertEqual(best.decided_by, self.matcher)
        self.assertEqual(line.partner_id, self.customer)

    def test_prepayment_order_confirm_releases_order(self):
        order = self._order(quantity=2)
        line = self._line(100.0, f"Bestellung {order.name}")
        self.env["payment.match.proposal"].with_user(self.matcher).action_find_matches()
        proposals = line.payment_match_proposal_ids
        best = proposals.filtered(lambda p: order in p.sale_order_ids)[:1]
        self.assertTrue(best, "the prepayment order is proposed")
        self.assertEqual(best.candidate_kind, "order")
        best.with_user(self.matcher).action_confirm()
        self.assertEqual(order.state, "sale", "a paid prepayment order is confirmed")
        self.assertEqual(order.prepayment_state, "paid")
        self.assertEqual(order.prepayment_statement_line_id, line)
        if "picking_ids" in order._fields:
            self.assertTrue(order.picking_ids, "confirming creates the delivery")
        self.assertTrue(line.is_reconciled, "the payment is booked on the receivable")
        receivable = self.customer.property_account_receivable_id
        self.assertIn(receivable, line.move_id.line_ids.account_id)

    def test_reject_keeps_line_open_and_logs(self):
        invoice = self._invoice(80.0)
        line = self._line(80.0, f"RE {invoice.name}")
        proposal = line._propose_matches()[:1]
        self.assertTrue(proposal)
        proposal.with_user(self.matcher).action_reject()
        self.assertEqual(proposal.state, "rejected")
        self.assertEqual(proposal.decided_by, self.matcher)
        self.assertTrue(proposal.decided_at)
        self.assertFalse(line.is_reconciled, "a rejected proposal leaves the line open")
        self.assertFalse(line.payment_matched)
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertIn("Rejected by", proposal.message_ids[:1].body)
        again = line._propose_matches()
        self.assertFalse(
            again.filtered(lambda p: invoice in p.invoice_ids),
            "a rejected match is not proposed again",
        )

    def test_auto_confirm_threshold(self):
        self.bank_journal.payment_auto_confirm_threshold = 90
        invoice = self._invoice(45.5)
        line = self._line(45.5, f"Invoice {invoice.name}")
        line._propose_matches()
        confirmed = line.payment_match_proposal_ids.filtered(lambda p: p.state == "confirmed")
        self.assertTrue(confirmed.auto_confirmed, "a clear match is confirmed by itself")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_bulk_confirm_by_score(self):
        invoice = self._invoice(70.0)
        line = self._line(70.0, f"{invoice.name}")
        line._propose_matches()
        wizard = (
            self.env["payment.match.confirm.wizard"]
            .with_user(self.matcher)
            .create({"min_score": 90})
        )
        wizard.action_confirm()
        self.assertTrue(line.payment_matched)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_candidates_read_in_bulk(self):
        """Reading the open items costs the same queries for 1 or 5 invoices and orders."""
        Line = self.env["account.bank.statement.line"]
        self._invoice(10.0)
        self._order(1)
        Line._prepare_matching_candidates(self.env.company)  # runs pending computations
        self.env.invalidate_all()
        count = self.env.cr.sql_log_count
        Line._prepare_matching_candidates(self.env.company)
        few = self.env.cr.sql_log_count - count
        for amount in (11.0, 12.0, 13.0, 14.0):
            self._invoice(amount)
            self._order(2)
        Line._prepare_matching_candidates(self.env.company)
        self.env.invalidate_all()
        count = self.env.cr.sql_log_count
        candidates = Line._prepare_matching_candidates(self.env.company)
        many = self.env.cr.sql_log_count - count
        self.assertGreaterEqual(len(candidates), 10)
        self.assertEqual(many, few, "no query per open item")

    def test_explanation_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"].search(
            [("name", "=", "payment_matching")]
        )._update_translations(["de_DE"])
        invoice = self._invoice(119.0)
        line = self._line(119.0, f"Rechnung {invoice.name} danke")
        line.with_user(self.matcher).with_context(lang="de_DE").action_compute_proposals()
        best = line.payment_match_proposal_ids.filtered(lambda p: invoice in p.invoice_ids)[:1]
        german = best.with_context(lang="de_DE").explanation
        self.assertIn("Verwendungszweck", german, "German staff read German reasons")
        self.assertIn("Der Betrag entspricht dem offenen Betrag.", german)

    def test_explanation_rendered_in_the_readers_language(self):
        """Computed by an English user, read by a German one: German, and back."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"].search(
            [("name", "=", "payment_matching")]
        )._update_translations(["de_DE"])
        invoice = self._invoice(119.0)
        line = self._line(119.0, f"Rechnung {invoice.name} danke")
        line.with_user(self.matcher).with_context(lang="en_US").action_compute_proposals()
        best = line.payment_match_proposal_ids.filtered(lambda p: invoice in p.invoice_ids)[:1]
        german = best.with_context(lang="de_DE").explanation
        english = best.with_context(lang="en_US").explanation
        self.assertIn("Der Betrag entspricht dem offenen Betrag.", german, "German reader")
        self.assertNotIn("Der Betrag", english, "the English reader reads English")
