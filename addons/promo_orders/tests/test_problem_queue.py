import base64

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import PromoOrdersCase


@tagged("post_install", "-at_install")
class TestFailedImportsQueue(PromoOrdersCase):
    """Failed order imports are worked to empty by a user of the group: retried or
    marked handled with a note."""

    def _import(self, data, name="orders.xml"):
        wizard = (
            self.env["promo.import.wizard"]
            .with_user(self.user)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "file": base64.b64encode(data),
                    "file_name": name,
                }
            )
        )
        return self.env["promo.import.batch"].browse(wizard.action_import()["res_id"])

    def _queue(self):
        action = self.env.ref("promo_orders.promo_import_batch_action_problems")
        return self.env["promo.import.batch"].with_user(self.user).search(safe_eval(action.domain))

    def test_failed_imports_queue_worked_to_empty(self):
        failed = self._import(b"<?xml version='1.0'?><invoices/>")
        self.assertEqual(failed.state, "failed")
        self.assertEqual(self._queue(), failed, "the failed file is in the queue")
        action = failed.with_user(self.user).action_problem_mark_handled()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.user).with_context(**action["context"])
        )
        wizard.note = "Sender asked to send the file again"
        wizard.save().action_confirm()
        self.assertTrue(failed.handled)
        self.assertEqual(failed.handled_by_id, self.user)
        self.assertEqual(failed.handled_note, "Sender asked to send the file again")
        self.assertFalse(self._queue(), "the queue is empty")
