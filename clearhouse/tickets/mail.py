"""Ticket references in subjects, and which incoming mails are automatic (never a ticket)."""

from __future__ import annotations

import re
from collections.abc import Mapping

REFERENCE_PREFIX = "T-"
REFERENCE_DIGITS = 6
_REFERENCE_RE = re.compile(r"\[\s*(T-\d{1,12})\s*\]", re.IGNORECASE)

_AUTO_SENDER_RE = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|auto-?reply|bounces?)(\+[^@]*)?@", re.IGNORECASE
)


def format_reference(number: int) -> str:
    """``42`` -> ``T-000042`` (the sequence's format)."""
    return f"{REFERENCE_PREFIX}{int(number):0{REFERENCE_DIGITS}d}"


def parse_reference(subject: str | None) -> str | None:
    """The last ``[T-000042]`` in a subject, normalised (``T-000042``), or None."""
    found = _REFERENCE_RE.findall(subject or "")
    if not found:
        return None
    return found[-1].upper()


def _address(value: str) -> str:
    match = re.search(r"<([^>]*)>", value or "")
    return (match.group(1) if match else (value or "")).strip().lower()


def is_automatic_mail(headers: Mapping[str, str]) -> str | None:
    """Why a mail is an auto-reply or a bounce (a short code), or None for a person's mail.

    ``headers`` maps header names (any case) to values. RFC 3834 ``Auto-Submitted`` other than
    ``no``, ``Precedence: bulk/junk/list/auto_reply``, the vacation headers
    (``X-Autoreply``, ``X-Autorespond``), delivery-status reports and mailer-daemon
    senders all count.
    """
    lower = {str(k).lower(): str(v or "") for k, v in headers.items()}
    auto_submitted = lower.get("auto-submitted", "").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return "auto_submitted"
    if lower.get("precedence", "").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return "precedence"
    if lower.get("x-autoreply") or lower.get("x-autorespond"):
        return "autoreply_header"
    content_type = lower.get("content-type", "").lower()
    if "multipart/report" in content_type or lower.get("x-failed-recipients"):
        return "bounce"
    if lower.get("return-path", "").strip() == "<>":
        return "bounce"
    if _AUTO_SENDER_RE.match(_address(lower.get("from", ""))):
        return "automatic_sender"
    return None
