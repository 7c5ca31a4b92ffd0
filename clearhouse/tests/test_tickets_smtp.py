"""The test SMTP server really speaks SMTP (the ticket addon captures replies with it)."""

import smtplib
from email.message import EmailMessage

from clearhouse.testservers import LOCALHOST, smtp_server


def test_smtp_server_captures_message():
    message = EmailMessage()
    message["From"] = "service@example.com"
    message["To"] = "anna@example.com"
    message["Subject"] = "[T-000042] Your parcel"
    message.set_content("Ticket reference: [T-000042]")
    with smtp_server() as (port, messages), smtplib.SMTP(LOCALHOST, port, timeout=10) as client:
        client.send_message(message)
    assert len(messages) == 1
    assert messages[0]["to"] == ["anna@example.com"]
    assert b"[T-000042] Your parcel" in messages[0]["data"]
