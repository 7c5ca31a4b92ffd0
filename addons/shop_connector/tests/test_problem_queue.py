from odoo.tests import Form, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ShopFixturesMixin


@tagged("post_install", "-at_install")
class TestSyncProblemsQueue(ShopFixturesMixin, TransactionCase):
    """Sync problems (failed exports and failed order imports) are worked to empty by a
    user of the group: retried or marked handled with a note."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_shop_fixtures()
        logs = cls.env["shop.sync.log"]
        cls.failed_import = logs.create(
            {
                "backend_id": cls.backend_a.id,
                "direction": "import",
                "operation": "order",
                "state": "failed",
                "error": "1001: unknown product",
            }
        )
        cls.failed_export = logs.create(
            {
                "backend_id": cls.backend_a.id,
                "direction": "export",
                "operation": "stock",
                "state": "failed",
                "error": "HTTP 500",
            }
        )

    def _queue(self):
        action = self.env.ref("shop_connector.shop_sync_log_action_problems")
        return self.env["shop.sync.log"].with_user(self.shop_user).search(safe_eval(action.domain))

    def test_sync_problems_worked_to_empty(self):
        self.assertEqual(self._queue(), self.failed_import | self.failed_export)
        self.failed_export.with_user(self.shop_user).action_retry()
        self.assertEqual(self.failed_export.state, "pending", "queued again")
        action = self.failed_import.with_user(self.shop_user).action_problem_mark_handled()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.shop_user)
            .with_context(**action["context"])
        )
        wizard.note = "Order 1001 entered by hand"
        wizard.save().action_confirm()
        self.assertTrue(self.failed_import.handled)
        self.assertEqual(self.failed_import.handled_by_id, self.shop_user)
        self.assertFalse(self._queue(), "the queue is empty")

    def test_failed_import_can_be_retried(self):
        self.failed_import.with_user(self.shop_user).action_retry()
        self.assertEqual(self.failed_import.state, "pending", "the next run fetches again")
