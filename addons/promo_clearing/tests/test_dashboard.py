from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ClearingCase


@tagged("post_install", "-at_install")
class TestLeadDashboard(ClearingCase):
    """The lead's dashboard is grouped queries over the live backlog: the number of
    queries does not grow with the number of cases (acceptance 4, by count)."""

    def _cases(self, count, prefix):
        orders = self.env["sale.order"]
        for index in range(count):
            orders |= self._order(f"{prefix}-{index}", street="Invalidenstraße")
        return orders

    def _load_dashboard(self):
        """What the dashboard's graph, pivot and past-due filter ask the database."""
        report = self.env["clearing.backlog.report"].with_user(self.lead)
        report._read_group(
            [], ["reason_id", "age_bucket"], ["__count", "overdue_count:sum", "age_hours:avg"]
        )
        report._read_group([], ["team_id", "user_id"], ["__count"])
        return report.search_count([("overdue", "=", True)])

    def test_dashboard_query_count_constant_with_more_cases(self):
        self._cases(3, "DASH-S")
        self.env.flush_all()
        self._load_dashboard()  # warm the caches (access rules, fields)
        with self.assertQueryCount(3):
            self._load_dashboard()
        self._cases(12, "DASH-L")
        self.env.flush_all()
        with self.assertQueryCount(3):
            self._load_dashboard()

    def test_case_due_at_its_own_deadline(self):
        reason = self.env["clearing.reason"]._get_by_code("address")
        reason.service_hours = 2
        self.source.date_deadline = fields.Date.today() + timedelta(days=10)
        late, fresh = self._cases(2, "DUE")
        self.assertEqual(late.clearing_reason_id, reason)
        late.clearing_entered_at = fields.Datetime.now() - timedelta(hours=3)
        self.env.flush_all()
        rows = {
            row.order_id: row
            for row in self.env["clearing.backlog.report"].search(
                [("order_id", "in", (late | fresh).ids)]
            )
        }
        self.assertTrue(rows[late].overdue, "the reason's 2 hours are over")
        self.assertFalse(rows[fresh].overdue, "entered just now, due in 2 hours")
        self.assertAlmostEqual(
            rows[late].due_at,
            late.clearing_due_at,
            delta=timedelta(seconds=1),
            msg="the report and the order compute the same due time",
        )
        self.assertGreater(rows[late].age_hours, 2.9, "time in clearing of the open case")
        self.assertGreater(late.clearing_hours, 2.9, "the form shows the open stay too")
