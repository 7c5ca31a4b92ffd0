"""HMAC-SHA256 signatures of message bodies, for partners that sign webhooks.

The header carries ``sha256=<hex digest of the raw body>``, as GitHub and most
carriers write it; a bare hex digest is accepted as well. Verification compares in
constant time so that the digest cannot be guessed byte by byte from response times.
"""

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret, body):
    """The signature header value for ``body`` (bytes)."""
    return PREFIX + hmac.new(_bytes(secret), _bytes(body), hashlib.sha256).hexdigest()


def verify_signature(secret, body, header):
    """Whether ``header`` is a valid signature of ``body``; never raises for bad input."""
    if not secret or not isinstance(header, (str, bytes)) or body is None:
        return False
    if isinstance(header, bytes):
        header = header.decode("ascii", "replace")
    header = header.strip()
    if header[: len(PREFIX)].lower() == PREFIX:
        header = header[len(PREFIX) :]
    try:
        expected = hmac.new(_bytes(secret), _bytes(body), hashlib.sha256).hexdigest()
    except (TypeError, ValueError):
        return False
    return hmac.compare_digest(expected.encode("ascii"), header.lower().encode("ascii", "replace"))


def _bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)
