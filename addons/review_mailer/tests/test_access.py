from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DAY0, ReviewCommon


@tagged("post_install", "-at_install")
class TestAccess(ReviewCommon):
    def test_user_reads_but_does_not_configure(self):
        request = self._request(delivered_at=DAY0)
        request._review_process(DAY0)
        as_user = request.with_user(self.review_user)
        self.assertEqual(as_user.state, "sent", "a review user reads requests")
        self.assertTrue(as_user.link_ids.platform_id.name)
        with self.assertRaises(AccessError):
            self.trusted.with_user(self.review_user).url_template = "https://evil.example"
        with self.assertRaises(AccessError):
            as_user.write({"state": "scheduled"})
        with self.assertRaises(AccessError):
            as_user.action_queue_now()

    def test_manager_configures(self):
        platform = (
            self.env["review.platform"]
            .with_user(self.review_manager)
            .create({"name": "Shop", "code": "own", "url_template": "https://shop.example/r"})
        )
        rule = (
            self.env["review.rule"]
            .with_user(self.review_manager)
            .create(
                {
                    "name": "Own pages",
                    "line_ids": [Command.create({"platform_id": platform.id, "weight": 1})],
                }
            )
        )
        self.assertEqual(rule.line_ids.platform_id, platform)

    def test_other_company_invisible(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        foreign = self.env["review.platform"].create(
            {
                "name": "Foreign",
                "code": "foreign",
                "url_template": "https://f.example",
                "company_id": other.id,
            }
        )
        visible = self.env["review.platform"].with_user(self.review_user).search([])
        self.assertNotIn(foreign, visible, "record rules keep companies apart")
        self.assertIn(self.trusted, visible)


@tagged("post_install", "-at_install")
class TestBatchQueries(ReviewCommon):
    def _queries(self, count):
        requests = self.env["review.request"]
        for _i in range(count):
            requests |= self._request(delivered_at=DAY0)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        requests._review_process(DAY0)
        self.env.flush_all()
        self.assertEqual(set(requests.mapped("state")), {"sent"})
        return self.env.cr.sql_log_count - before

    def test_queries_do_not_grow_with_the_batch(self):
        small, large = self._queries(3), self._queries(12)
        self.assertLess(
            large - small,
            9,
            f"9 more orders cost {large - small} more queries ({small} for 3, {large} for 12): "
            "the batch must read and write in bulk",
        )
