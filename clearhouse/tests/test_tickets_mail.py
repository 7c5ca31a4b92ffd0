"""Ticket references in subjects and automatic-mail detection."""

import pytest

from clearhouse.tickets import format_reference, is_automatic_mail, parse_reference


@pytest.mark.parametrize(
    "subject, expected",
    [
        ("Re: Your order [T-000042]", "T-000042"),
        ("AW: [t-000042] Lieferung fehlt", "T-000042"),
        ("Fwd: [T-000001] and later [T-000077]", "T-000077"),
        ("Re: [ T-000042 ] spaces", "T-000042"),
        ("T-000042 without brackets", None),
        ("[X-000042]", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_reference(subject, expected):
    assert parse_reference(subject) == expected


def test_format_reference_matches_parse():
    assert format_reference(42) == "T-000042"
    assert parse_reference(f"Re: [{format_reference(1234567)}]") == "T-1234567"


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"Auto-Submitted": "auto-replied"}, "auto_submitted"),
        ({"auto-submitted": "auto-generated"}, "auto_submitted"),
        ({"Auto-Submitted": "no"}, None),
        ({"Precedence": "bulk"}, "precedence"),
        ({"Precedence": "junk"}, "precedence"),
        ({"X-Autoreply": "yes"}, "autoreply_header"),
        ({"Content-Type": 'multipart/report; report-type="delivery-status"'}, "bounce"),
        ({"X-Failed-Recipients": "a@example.com"}, "bounce"),
        ({"Return-Path": "<>"}, "bounce"),
        ({"From": "Mail Delivery System <MAILER-DAEMON@mx.example.com>"}, "automatic_sender"),
        ({"From": "postmaster@example.com"}, "automatic_sender"),
        ({"From": "Anna <anna@example.com>", "Content-Type": "text/plain"}, None),
        ({"From": "daemon.fan@example.com"}, None),
        ({}, None),
    ],
)
def test_is_automatic_mail(headers, expected):
    assert is_automatic_mail(headers) == expected
