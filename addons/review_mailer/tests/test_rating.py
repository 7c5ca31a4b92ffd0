import datetime
import re

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from clearhouse.reviews import tokens

from .common import DAY0, ReviewCommon


@tagged("post_install", "-at_install")
class TestRating(ReviewCommon, HttpCase):
    """Signed one-click ratings, the feedback page, opt-out, replies (acceptance 4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._request(delivered_at=DAY0)
        cls.request._review_process(DAY0)
        cls.secret = cls.request._review_secret()

    def _url(self, rating, expires=None, request=None):
        request = request or self.request
        token = tokens.make_token(
            self.secret, request.id, rating, expires or datetime.datetime(2030, 1, 1)
        )
        return f"/review/rate/{token}"

    def test_good_rating_recorded_with_review_links(self):
        response = self.url_open(self._url(5))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.request.rating, 5)
        self.assertFalse(self.request.low_rating)
        self.assertIn("Thank you", response.text)
        self.assertIn(self.request.link_ids[0].tracked_url, response.text)

    def test_low_rating_feedback_page_and_activity(self):
        response = self.url_open(self._url(1))
        self.assertIn("what went wrong", response.text, "the feedback page")
        self.assertTrue(self.request.low_rating)
        activity = self.request.order_id.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("review_mailer.mail_activity_type_review_complaint")
            )
        )
        self.assertEqual(len(activity), 1, "a low rating opens an activity on the order")
        self.url_open(self._url(2))
        self.assertEqual(len(self.request.order_id.activity_ids), 1, "only once")

    def test_feedback_text_reaches_order(self):
        url = self._url(1)
        page = self.url_open(url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            url.replace("/review/rate/", "/review/feedback/"),
            data={"feedback": "Parcel was wet", "csrf_token": csrf},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.request.feedback, "Parcel was wet")
        self.assertIn("Parcel was wet", "".join(self.request.order_id.message_ids.mapped("body")))

    def test_tampered_link_refused(self):
        url = self._url(5)
        tampered = url.replace(".5.", ".1.", 1)
        response = self.url_open(tampered)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.request.rating, "nothing recorded")

    def test_expired_link_refused(self):
        url = self._url(4, expires=DAY0 + datetime.timedelta(days=30))
        with freeze_time(DAY0 + datetime.timedelta(days=31)):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 403)
        self.assertIn("expired", response.text)
        self.assertFalse(self.request.rating)

    def test_link_of_unsent_request_refused(self):
        scheduled = self._request(delivered_at=DAY0)
        response = self.url_open(self._url(5, request=scheduled))
        self.assertEqual(response.status_code, 403)

    def test_optout_blacklists_address(self):
        token = tokens.make_optout_token(self.secret, self.request.id)
        response = self.url_open(f"/review/optout/{self.request.id}/{token}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            self.env["mail.blacklist"].search([("email", "=", self.request.email)]),
            "the address is on the opt-out list",
        )
        bad = self.url_open(f"/review/optout/{self.request.id}/{token[:-2]}xx")
        self.assertEqual(bad.status_code, 403)

    def test_reply_lands_in_order_chatter(self):
        message = self.request.mail_message_id
        self.assertTrue(message.message_id)
        raw = (
            f"From: Customer <{self.request.email}>\r\n"
            "To: shop@example.com\r\n"
            f"Subject: Re: {message.subject}\r\n"
            "Message-ID: <reply-1@example.com>\r\n"
            f"In-Reply-To: {message.message_id}\r\n"
            f"References: {message.message_id}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "The shoes are too small, what now?\r\n"
        )
        self.env["mail.thread"].message_process(False, raw)
        bodies = "".join(self.request.order_id.message_ids.mapped("body"))
        self.assertIn("too small", bodies, "the reply reaches the order's chatter")

    def test_click_counted(self):
        link = self.request.link_ids[0]
        self.env["link.tracker.click"].sudo().add_click(link.tracker_id.code, ip="127.0.0.1")
        self.assertEqual(link.click_count, 1)
        self.assertTrue(self.request.clicked)
