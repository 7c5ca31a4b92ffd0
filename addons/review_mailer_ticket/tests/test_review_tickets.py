from odoo.tests import tagged

from odoo.addons.review_mailer.tests.common import DAY0, ReviewCommon


@tagged("post_install", "-at_install")
class TestReviewTickets(ReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.queue = cls.env["service.queue"].create({"name": "Shop customers"})
        cls.source.review_queue_id = cls.queue
        cls.request = cls._request(delivered_at=DAY0)
        cls.request._review_process(DAY0)

    def _tickets(self):
        return self.env["service.ticket"].search([("order_id", "=", self.request.order_id.id)])

    def test_low_rating_opens_ticket(self):
        self.request._review_record_rating(1)
        ticket = self._tickets()
        self.assertEqual(len(ticket), 1, "a low rating opens a ticket")
        self.assertEqual(ticket.queue_id, self.queue)
        self.assertEqual(ticket.partner_id, self.request.partner_id)
        self.assertEqual((ticket.res_model, ticket.res_id), ("review.request", self.request.id))
        self.request._review_feedback("Box was crushed")
        self.assertIn("Box was crushed", "".join(ticket.message_ids.mapped("body")))

    def test_good_rating_opens_nothing(self):
        self.request._review_record_rating(5)
        self.assertFalse(self._tickets())

    def test_reply_becomes_ticket(self):
        message = self.request.mail_message_id
        raw = (
            f"From: Customer <{self.request.email}>\r\n"
            "To: shop@example.com\r\n"
            f"Subject: Re: {message.subject}\r\n"
            "Message-ID: <reply-ticket-1@example.com>\r\n"
            f"In-Reply-To: {message.message_id}\r\n"
            f"References: {message.message_id}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Where is my invoice?\r\n"
        )
        self.env["mail.thread"].message_process(False, raw)
        ticket = self._tickets()
        self.assertEqual(len(ticket), 1, "the reply reaches the source's queue")
        self.assertIn("invoice", ticket.description)
        self.assertEqual(ticket.queue_id, self.queue)

    def test_open_ticket_suppresses(self):
        request = self._request(delivered_at=DAY0)
        self.env["service.ticket"].create(
            {"name": "Where is my parcel?", "order_id": request.order_id.id}
        )
        request._review_process(DAY0)
        self.assertEqual(request.suppression_reason, "complaint")
