from email import message_from_bytes
from email.policy import default as default_policy
from unittest.mock import patch

from odoo import modules
from odoo.tests import tagged

from clearhouse.testservers import LOCALHOST, smtp_server

from .common import TicketCommon

MAIL = """From: {sender}
To: tk-orders@service.example.com
Subject: {subject}
Message-ID: <{msgid}@mail.customer.example>
Date: Tue, 01 Dec 2026 09:00:00 +0100
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

{body}
"""


@tagged("post_install", "-at_install")
class TestMailbox(TicketCommon):
    """Acceptance 3: raw RFC 822 mails through the gateway (message_process)."""

    def _process(self, msgid, subject="Parcel missing", sender=None, extra="", body="Hello"):
        raw = MAIL.format(
            sender=sender or "Erika Mustermann <erika.mustermann@example.com>",
            subject=subject,
            msgid=msgid,
            extra=extra,
            body=body,
        )
        return self.env["mail.thread"].message_process(False, raw)

    def _tickets(self):
        return self.env["service.ticket"].search([("queue_id", "=", self.queue.id)])

    def test_new_mail_opens_ticket_for_matched_customer(self):
        ticket_id = self._process("m1", body="My parcel did not arrive.")
        ticket = self.env["service.ticket"].browse(ticket_id)
        self.assertEqual(ticket.queue_id, self.queue)
        self.assertEqual(ticket.partner_id, self.customer, "matched by normalised e-mail")
        self.assertEqual(ticket.name, "Parcel missing")
        self.assertIn("did not arrive", ticket.description)
        self.assertFalse(self.customer.ticket_review_needed)

    def test_unknown_sender_gets_contact_flagged_for_review(self):
        ticket_id = self._process("m2", sender="New Person <new.person@example.org>")
        partner = self.env["service.ticket"].browse(ticket_id).partner_id
        self.assertEqual(partner.email_normalized, "new.person@example.org")
        self.assertEqual(partner.name, "New Person")
        self.assertTrue(partner.ticket_review_needed)

    def test_reply_with_headers_threads_to_same_ticket(self):
        ticket_id = self._process("m3")
        again = self._process(
            "m4",
            subject="Re: something else",
            extra="In-Reply-To: <m3@mail.customer.example>\n"
            "References: <m3@mail.customer.example>\n",
        )
        self.assertEqual(again, ticket_id)
        self.assertEqual(len(self._tickets()), 1)

    def test_reply_without_headers_threads_by_reference_in_subject(self):
        ticket = self.env["service.ticket"].browse(self._process("m5"))
        again = self._process("m6", subject=f"AW: Parcel missing [{ticket.number}]", body="Still")
        self.assertEqual(again, ticket.id, "the [T-...] reference threads the reply")
        self.assertEqual(len(self._tickets()), 1)
        self.assertIn("Still", ticket.message_ids[0].body)

    def test_reply_reopens_solved_ticket(self):
        ticket = self.env["service.ticket"].browse(self._process("m7"))
        ticket.action_solve()
        self._process("m8", subject=f"Re: [{ticket.number}]", body="Not solved")
        self.assertEqual(ticket.stage_kind, "progress")

    def test_auto_reply_opens_no_ticket(self):
        result = self._process(
            "m9", subject="Out of office", extra="Auto-Submitted: auto-replied\n"
        )
        self.assertFalse(result)
        self.assertFalse(self._tickets(), "an auto-reply never opens a ticket")

    def test_auto_reply_with_reference_lands_on_ticket_without_reopening(self):
        ticket = self.env["service.ticket"].browse(self._process("m10"))
        ticket.action_solve()
        self._process(
            "m11",
            subject=f"Abwesenheit: [{ticket.number}]",
            extra="Auto-Submitted: auto-replied\n",
        )
        self.assertEqual(len(self._tickets()), 1)
        self.assertEqual(ticket.stage_kind, "solved", "an auto-reply reopens nothing")
        self.assertIn("Abwesenheit", ticket.message_ids[0].subject, "but it is kept")

    def test_bounce_opens_no_ticket(self):
        self._process(
            "m12",
            sender="Mail Delivery System <MAILER-DAEMON@mx.example.com>",
            subject="Undelivered Mail Returned to Sender",
        )
        self.assertFalse(self._tickets(), "a bounce never opens a ticket")

    def test_precedence_bulk_opens_no_ticket(self):
        self._process("m13", subject="Newsletter", extra="Precedence: bulk\n")
        self.assertFalse(self._tickets())

    def test_acknowledgement_carries_reference(self):
        template = self.env.ref("helpdesk_ticket.mail_template_acknowledge")
        self.queue.acknowledge_template_id = template
        ticket = self.env["service.ticket"].browse(self._process("m14"))
        ack = ticket.message_ids.filtered(lambda m: "we have received" in (m.body or ""))
        self.assertEqual(len(ack), 1, "one acknowledgement")
        self.assertIn(f"[{ticket.number}]", ack.subject)
        self.assertIn(self.customer, ack.notified_partner_ids, "sent to the customer")

    def test_reply_from_ticket_reaches_real_smtp_server_with_reference(self):
        ticket = self.env["service.ticket"].browse(self._process("m15"))
        with smtp_server() as (port, captured):
            self.env["ir.mail_server"].create(
                {
                    "name": "Test SMTP",
                    "smtp_host": LOCALHOST,
                    "smtp_port": port,
                    "smtp_encryption": "none",
                }
            )
            # Odoo skips the SMTP conversation in tests; let this reply reach the real server.
            with patch.object(modules.module, "current_test", False):
                ticket.with_user(self.morning1).message_post(
                    body="Your parcel is on its way.",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=self.customer.ids,
                )
        to_customer = [m for m in captured if "erika.mustermann@example.com" in m["to"]]
        self.assertEqual(len(to_customer), 1, "the reply reached the SMTP server once")
        message = message_from_bytes(to_customer[0]["data"], policy=default_policy)
        self.assertIn(f"[{ticket.number}]", message["Subject"])
        body = message.get_body(preferencelist=("html", "plain")).get_content()
        self.assertIn("on its way", body)
        self.assertIn(f"[{ticket.number}]", body, "the signature names the ticket")
        self.assertTrue(ticket.first_response_at)
