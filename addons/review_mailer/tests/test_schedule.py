import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DAY0, ReviewCommon


@tagged("post_install", "-at_install")
class TestSchedule(ReviewCommon):
    def _cron(self):
        return self.env["review.request"]._cron_queue_due()

    def test_delivery_schedules_one_request(self):
        with freeze_time(DAY0):
            order = self._order()
            request = self._deliver(order)
        self.assertEqual(len(request), 1, "a done delivery schedules the order's request")
        self.assertEqual(request.state, "scheduled")
        self.assertEqual(request.delivered_at, DAY0)
        self.assertEqual(request.due_at, DAY0 + datetime.timedelta(days=7))

    def test_queued_on_day_seven_in_window_not_before_never_twice(self):
        """Acceptance 1."""
        with freeze_time(DAY0):
            request = self._deliver(self._order())
        with freeze_time(DAY0 + datetime.timedelta(days=6, hours=6)):
            self._cron()
            self.assertEqual(request.state, "scheduled", "day 6: not due yet")
        # Day 7, 06:00 in Berlin (05:00 UTC): due, but the window opens at 9.
        with freeze_time(datetime.datetime(2026, 12, 9, 5, 0)):
            self._cron()
            self.assertEqual(request.state, "scheduled", "day 7 before the window")
        with freeze_time(datetime.datetime(2026, 12, 9, 10, 0)):
            self.assertEqual(self._cron(), request, "day 7 inside the window: queued")
            self.assertEqual(request.state, "sent")
            self.assertEqual(len(self._mails(request)), 1)
            self._cron()
        with freeze_time(datetime.datetime(2026, 12, 10, 10, 0)):
            self._cron()
            request._review_process(datetime.datetime(2026, 12, 10, 10, 0))
        self.assertEqual(len(self._mails(request)), 1, "never a second mail for the order")

    def test_changed_delay_moves_scheduled_requests_only(self):
        scheduled = self._request(delivered_at=DAY0)
        sent = self._request(delivered_at=DAY0)
        sent._review_process(DAY0 + datetime.timedelta(days=7))
        self.assertEqual(sent.state, "sent")
        self.assertEqual(sent.due_at, DAY0 + datetime.timedelta(days=7))
        self.source.review_delay_days = 3
        self.assertEqual(scheduled.due_at, DAY0 + datetime.timedelta(days=3))
        self.assertEqual(sent.due_at, DAY0 + datetime.timedelta(days=7), "history stays")

    def test_not_sent_on_weekend(self):
        with freeze_time(datetime.datetime(2026, 12, 4, 10, 0)):  # Friday
            request = self._deliver(self._order())
        with freeze_time(datetime.datetime(2026, 12, 12, 10, 0)):  # Saturday, day 8
            self._cron()
            self.assertEqual(request.state, "scheduled", "Saturday is outside the window")
        with freeze_time(datetime.datetime(2026, 12, 14, 8, 0)):  # Monday 9:00 Berlin
            self._cron()
            self.assertEqual(request.state, "sent", "the next window opening sends it")

    def test_daily_cap(self):
        self.source.review_daily_cap = 2
        requests = self._request(delivered_at=DAY0)
        for _i in range(2):
            requests |= self._request(delivered_at=DAY0)
        with freeze_time(datetime.datetime(2026, 12, 9, 10, 0)):
            self._cron()
            self.assertEqual(requests.mapped("state").count("sent"), 2, "the cap holds")
            self._cron()
            self.assertEqual(requests.mapped("state").count("sent"), 2, "also in a second run")
        with freeze_time(datetime.datetime(2026, 12, 10, 10, 0)):
            self._cron()
            self.assertEqual(set(requests.mapped("state")), {"sent"}, "the next day the rest")

    def test_second_request_for_an_order_refused(self):
        request = self._request()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self._request(order=request.order_id)

    def test_second_delivery_does_not_schedule_again(self):
        with freeze_time(DAY0):
            order = self._order()
            request = self._deliver(order)
            order.picking_ids._review_schedule()
        self.assertEqual(order.review_request_ids, request)

    def test_source_off_schedules_nothing(self):
        self.source.review_enabled = False
        with freeze_time(DAY0):
            self.assertFalse(self._deliver(self._order()))
