from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PaymentMatchingCase


@tagged("post_install", "-at_install")
class TestAccess(PaymentMatchingCase):
    def setUp(self):
        super().setUp()
        invoice = self._invoice(60.0)
        self.line = self._line(60.0, f"Rechnung {invoice.name}")
        self.proposals = self.line._propose_matches()

    def test_plain_user_cannot_read_proposals(self):
        with self.assertRaises(AccessError):
            self.proposals.with_user(self.plain_user).read(["score"])

    def test_matcher_reads_proposals(self):
        self.assertTrue(self.proposals.with_user(self.matcher).read(["score", "explanation"]))

    def test_plain_user_cannot_compute_proposals(self):
        with self.assertRaises(AccessError):
            self.line.with_user(self.plain_user).action_compute_proposals()
