import datetime

from odoo import Command, fields
from odoo.tests import tagged

from .common import DAY0, ReviewCommon

NOW = datetime.datetime(2026, 12, 9, 10, 0)


@tagged("post_install", "-at_install")
class TestSuppression(ReviewCommon):
    """Acceptance 4: each suppression reason, recorded on the request and in the log."""

    def _assert_suppressed(self, request, reason):
        request._review_process(NOW)
        self.assertEqual(request.state, "suppressed", f"{reason}: not sent")
        self.assertEqual(request.suppression_reason, reason)
        self.assertIn(reason, request.suppression_ids.mapped("reason"))
        self.assertFalse(self._mails(request), f"{reason}: no mail queued")

    def test_sent_when_nothing_applies(self):
        request = self._request(delivered_at=DAY0)
        request._review_process(NOW)
        self.assertEqual(request.state, "sent")
        self.assertFalse(request.suppression_ids)

    def test_no_email(self):
        request = self._request(self._order(self._partner(email=False)), DAY0)
        self._assert_suppressed(request, "no_email")

    def test_cancelled(self):
        request = self._request(delivered_at=DAY0)
        request.order_id.with_context(disable_cancel_warning=True)._action_cancel()
        self._assert_suppressed(request, "cancelled")

    def test_returned(self):
        order = self._order()
        request = self._deliver(order)
        delivery = order.picking_ids
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        returned = wizard._create_return()
        returned.move_ids.quantity = 1
        returned.move_ids.picked = True
        returned._action_done()
        self._assert_suppressed(request, "returned")

    def test_open_complaint(self):
        request = self._request(delivered_at=DAY0)
        request.order_id.activity_schedule(
            "review_mailer.mail_activity_type_review_complaint", summary="Parcel damaged"
        )
        self._assert_suppressed(request, "complaint")

    def test_opted_out(self):
        request = self._request(delivered_at=DAY0)
        self.env["mail.blacklist"]._add(request.order_id.partner_id.email.upper())
        self._assert_suppressed(request, "opted_out")

    def test_bounced(self):
        partner = self._partner()
        partner.message_bounce = 1
        self._assert_suppressed(self._request(self._order(partner), DAY0), "bounced")

    def test_cooldown(self):
        self.source.review_cooldown_days = 30
        partner = self._partner()
        earlier = self._request(self._order(partner), DAY0)
        earlier._review_process(NOW - datetime.timedelta(days=10))
        self.assertEqual(earlier.state, "sent")
        self._assert_suppressed(self._request(self._order(partner), DAY0), "cooldown")

    def test_cooldown_over(self):
        self.source.review_cooldown_days = 30
        partner = self._partner()
        self._request(self._order(partner), DAY0)._review_process(NOW - datetime.timedelta(days=31))
        later = self._request(self._order(partner), DAY0)
        later._review_process(NOW)
        self.assertEqual(later.state, "sent", "a customer asked 31 days ago is asked again")

    def test_below_minimum(self):
        self.source.review_min_amount = 50.0
        request = self._request(self._order(products=self.mug), DAY0)
        self._assert_suppressed(request, "below_minimum")

    def test_b2b(self):
        self.source.review_skip_b2b = True
        company = self._partner(is_company=True)
        contact = self._partner(parent_id=company.id)
        self._assert_suppressed(self._request(self._order(contact), DAY0), "b2b")

    def test_b2b_sent_when_not_configured(self):
        company = self._partner(is_company=True)
        request = self._request(self._order(company), DAY0)
        request._review_process(NOW)
        self.assertEqual(request.state, "sent")

    def test_every_reason_logged(self):
        self.source.review_min_amount = 50.0
        partner = self._partner()
        self.env["mail.blacklist"]._add(partner.email)
        request = self._request(
            self._order(partner, order_line=[Command.create({"product_id": self.mug.id})]), DAY0
        )
        request._review_process(fields.Datetime.now())
        self.assertEqual(
            request.suppression_reason, "opted_out", "the first reason is the main one"
        )
        self.assertEqual(
            set(request.suppression_ids.mapped("reason")), {"opted_out", "below_minimum"}
        )
