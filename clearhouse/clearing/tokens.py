"""Signed links that let a customer fix their own order without an account.

A token names the order, the fields the customer may change and an expiry, signed
with HMAC-SHA256 so nobody can widen the scope or extend it; nothing is stored, so
a link cannot be revoked before it expires (keep expiries short). Format, URL-safe:
``<base64url(JSON payload)>.<base64url(signature)>``.
"""

import base64
import datetime
import hashlib
import hmac
import json
import re
from dataclasses import dataclass

from clearhouse.errors import ClearhouseError

VERSION = 1
# Keeps a secret that is also used elsewhere (Odoo's database secret) from signing
# something that another feature would accept.
_SCOPE = b"clearhouse.portal.order.v1."
MIN_SECRET_BYTES = 16
MAX_TOKEN_LENGTH = 4096
_B64URL = re.compile(r"[A-Za-z0-9_-]+")
_FIELD = re.compile(r"[a-z_][a-z0-9_.]{0,63}")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class TokenError(ClearhouseError):
    """``code``: malformed, tampered, expired or wrong_order."""

    code = "token_error"


@dataclass(frozen=True)
class TokenData:
    order_id: int | str
    fields_allowed: tuple
    expires_at: datetime.datetime  # aware, UTC


def _aware(value):
    """Odoo stores naive UTC datetimes; they are read as UTC."""
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"expected a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)


def _key(secret):
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not isinstance(key, bytes) or len(key) < MIN_SECRET_BYTES:
        raise ValueError(f"the secret must have at least {MIN_SECRET_BYTES} bytes")
    return key


def _b64encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key, payload_part):
    return hmac.new(key, _SCOPE + payload_part.encode("ascii"), hashlib.sha256).digest()


def make_token(secret, order_id, fields_allowed, expires_at):
    """A URL-safe token for ``order_id`` that allows changing ``fields_allowed``."""
    key = _key(secret)
    if isinstance(order_id, bool) or not isinstance(order_id, (int, str)) or order_id == "":
        raise ValueError("order_id must be an int or a non-empty str")
    if isinstance(fields_allowed, str):
        raise TypeError("fields_allowed must be a collection of field names, not a str")
    fields = tuple(sorted(set(fields_allowed)))
    bad = [f for f in fields if not isinstance(f, str) or not _FIELD.fullmatch(f)]
    if bad:
        raise ValueError(f"invalid field names {bad!r}")
    expiry = int((_aware(expires_at) - _EPOCH).total_seconds())
    payload = json.dumps(
        {"v": VERSION, "o": order_id, "f": list(fields), "e": expiry},
        separators=(",", ":"),
        ensure_ascii=True,
    )
    payload_part = _b64encode(payload.encode("ascii"))
    return f"{payload_part}.{_b64encode(_sign(key, payload_part))}"


_DAMAGED = "The link is incomplete or damaged."


def read_token(secret, token, now, order_id=None):
    """The token's data, or ``TokenError``; the signature is checked before anything
    else is believed, in constant time.

    ``order_id``: the order the link was opened for; a token of another order fails
    with ``wrong_order`` (the ids are compared as text, so URL strings match ints).
    """
    key = _key(secret)
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise TokenError(_DAMAGED, code="malformed")
    parts = token.split(".")
    if len(parts) != 2 or not all(_B64URL.fullmatch(part) for part in parts):
        raise TokenError(_DAMAGED, code="malformed")
    payload_part, signature_part = parts
    # Compared as text: base64 has several spellings of the last bits, and a changed
    # character that decodes to the same bytes must not pass either.
    expected = _b64encode(_sign(key, payload_part))
    if not hmac.compare_digest(signature_part.encode("ascii"), expected.encode("ascii")):
        raise TokenError("The link is not valid.", code="tampered")
    try:
        payload = json.loads(_b64decode(payload_part))
        if payload["v"] != VERSION:
            raise ValueError(payload["v"])
        data = TokenData(
            order_id=payload["o"],
            fields_allowed=tuple(payload["f"]),
            expires_at=_EPOCH + datetime.timedelta(seconds=int(payload["e"])),
        )
    except (ValueError, KeyError, TypeError, OverflowError):  # binascii.Error is a ValueError
        # Only reachable with a valid signature: a token of a future version.
        raise TokenError(_DAMAGED, code="malformed") from None
    if _aware(now) >= data.expires_at:
        raise TokenError("The link has expired.", code="expired")
    if order_id is not None and str(order_id) != str(data.order_id):
        raise TokenError("The link belongs to another order.", code="wrong_order")
    return data
