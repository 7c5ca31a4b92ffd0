import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.review_mailer.tests.common import DAY0, ReviewCommon


@tagged("post_install", "-at_install")
class TestDeliveredEvent(ReviewCommon):
    def _event(self, order, status, timestamp):
        return self.env["carrier.exchange.event"].create(
            {
                "picking_id": order.picking_ids[:1].id,
                "status": status,
                "timestamp": timestamp,
            }
        )

    def test_delivered_event_moves_the_due_date(self):
        with freeze_time(DAY0):
            order = self._order()
            request = self._deliver(order)
        arrived = DAY0 + datetime.timedelta(days=2)
        self._event(order, "shipped", DAY0 + datetime.timedelta(days=1))
        self.assertEqual(request.delivered_at, DAY0, "a shipped event changes nothing")
        self._event(order, "delivered", arrived)
        self.assertEqual(request.delivered_at, arrived)
        self.assertEqual(request.due_at, arrived + datetime.timedelta(days=7))

    def test_sent_request_untouched(self):
        with freeze_time(DAY0):
            order = self._order()
            request = self._deliver(order)
        request._review_process(DAY0 + datetime.timedelta(days=7))
        self.assertEqual(request.state, "sent")
        self._event(order, "delivered", DAY0 + datetime.timedelta(days=8))
        self.assertEqual(request.delivered_at, DAY0)
