"""Signed, expiring one-click rating links.

A token names the request, the rating (1-5) and an expiry, signed with HMAC-SHA256
under a scope of its own (a token of another feature signed with the same secret
never passes). Format, URL-safe: ``<request>.<rating>.<expiry>.<base64url(signature)>``.
"""

import base64
import datetime
import hashlib
import hmac
import re

from clearhouse.errors import ClearhouseError

_SCOPE = b"clearhouse.reviews.rating.v1\x1f"
MIN_SECRET_BYTES = 16
RATINGS = (1, 2, 3, 4, 5)
_TOKEN = re.compile(r"([0-9]{1,12})\.([1-5])\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class RatingTokenError(ClearhouseError):
    """``code``: malformed, tampered, expired or wrong_request."""

    code = "rating_token_error"


def _key(secret):
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not isinstance(key, bytes) or len(key) < MIN_SECRET_BYTES:
        raise ValueError(f"the secret must have at least {MIN_SECRET_BYTES} bytes")
    return key


def _epoch(moment):
    if not isinstance(moment, datetime.datetime):
        raise TypeError(f"expected a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int((moment - _EPOCH).total_seconds())


def _signature(key, body):
    digest = hmac.new(key, _SCOPE + body.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def make_token(secret, request_id, rating, expires_at):
    """The token of the link "rate request ``request_id`` with ``rating``"."""
    key = _key(secret)
    if isinstance(request_id, bool) or not isinstance(request_id, int) or request_id <= 0:
        raise ValueError("request_id must be a positive int")
    if rating not in RATINGS or isinstance(rating, bool):
        raise ValueError(f"rating must be one of {RATINGS}")
    body = f"{request_id}.{rating}.{_epoch(expires_at)}"
    return f"{body}.{_signature(key, body)}"


def read_token(secret, token, now, request_id=None):
    """``(request_id, rating)`` of a valid token, else ``RatingTokenError``.

    The signature is compared in constant time before the expiry is believed.
    """
    key = _key(secret)
    match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
    if not match:
        raise RatingTokenError("The link is incomplete or damaged.", code="malformed")
    body = token.rsplit(".", 1)[0]
    if not hmac.compare_digest(match.group(4).encode("ascii"), _signature(key, body).encode()):
        raise RatingTokenError("The link is not valid.", code="tampered")
    token_request, rating, expiry = (int(match.group(i)) for i in (1, 2, 3))
    if request_id is not None and str(request_id) != str(token_request):
        raise RatingTokenError("The link belongs to another request.", code="wrong_request")
    if _epoch(now) >= expiry:
        raise RatingTokenError("The link has expired.", code="expired")
    return token_request, rating


_OPTOUT_SCOPE = "optout"


def make_optout_token(secret, request_id):
    """The token of the unsubscribe link of one request (no expiry: opting out stays possible)."""
    if isinstance(request_id, bool) or not isinstance(request_id, int) or request_id <= 0:
        raise ValueError("request_id must be a positive int")
    return _signature(_key(secret), f"{_OPTOUT_SCOPE}.{request_id}")


def check_optout_token(secret, request_id, token):
    """True when ``token`` is the unsubscribe token of ``request_id`` (constant time)."""
    if not isinstance(token, str) or not isinstance(request_id, int):
        return False
    expected = _signature(_key(secret), f"{_OPTOUT_SCOPE}.{request_id}")
    return hmac.compare_digest(token.encode("ascii", "replace"), expected.encode("ascii"))
