from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ExchangeFixturesMixin


@tagged("post_install", "-at_install")
class TestTransferProblemsQueue(ExchangeFixturesMixin, TransactionCase):
    """Transfer problems (failed transfers, rejected confirmations) are worked to empty
    by a user of the group: retried or marked handled with a note."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()
        documents = cls.env["carrier.exchange.document"]
        cls.failed = documents.create(
            {
                "name": "OUT-FAILED",
                "exchange_partner_id": cls.intl.id,
                "direction": "outbound",
                "kind": "delivery",
                "state": "failed",
            }
        )
        cls.rejected = documents.create(
            {
                "name": "IN-REJECTED",
                "exchange_partner_id": cls.intl.id,
                "direction": "inbound",
                "kind": "confirmation",
                "state": "rejected",
            }
        )

    def _queue(self):
        action = self.env.ref("carrier_exchange.carrier_exchange_document_action_problems")
        return (
            self.env["carrier.exchange.document"]
            .with_user(self.user)
            .search(safe_eval(action.domain))
        )

    def test_transfer_problems_worked_to_empty(self):
        self.assertEqual(self._queue(), self.failed | self.rejected)
        self.failed.with_user(self.user).action_retry()
        self.assertEqual(self.failed.state, "queued", "queued again for transfer")
        action = self.rejected.with_user(self.user).action_problem_mark_handled()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.user).with_context(**action["context"])
        )
        wizard.note = "Partner sent a corrected file"
        wizard.save().action_confirm()
        self.assertTrue(self.rejected.handled)
        self.assertEqual(self.rejected.handled_note, "Partner sent a corrected file")
        self.assertFalse(self._queue(), "the queue is empty")
