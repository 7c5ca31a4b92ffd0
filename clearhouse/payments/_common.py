"""Helpers shared by the statement parsers: size, amounts and stable ids."""

import hashlib
import re
from decimal import Decimal, InvalidOperation

MAX_BYTES = 50 * 1024 * 1024

_NOT_PROVIDED = {"", "NOTPROVIDED", "NONREF", "NOT PROVIDED"}
_IBAN_JUNK = re.compile(r"[\s\-.]+")


def parse_decimal(value, decimal_separator=".", thousands_separator=""):
    """``Decimal`` of a written amount, or None when it is not one.

    Accepts a leading or trailing sign, spaces, a currency sign or code, and the
    separators given; refuses anything else rather than guessing ("1.2.3", "12,5,0").
    """
    text = str(value).replace("\xa0", " ").strip()
    for noise in ("€", "EUR", "$", "USD", "CHF", "£", "GBP"):
        text = text.replace(noise, "")
    text = text.replace(" ", "")
    sign = ""
    if text[:1] in "+-" and text:
        sign, text = text[0], text[1:]
    elif text[-1:] in "+-" and text:
        sign, text = text[-1], text[:-1]
    if not text:
        return None
    dec = re.escape(decimal_separator)
    if thousands_separator:
        tho = re.escape(thousands_separator)
        pattern = rf"(?:\d{{1,3}}(?:{tho}\d{{3}})+|\d+)(?:{dec}\d+)?"
    else:
        pattern = rf"\d+(?:{dec}\d+)?"
    if not re.fullmatch(pattern, text):
        return None
    if thousands_separator:
        text = text.replace(thousands_separator, "")
    text = text.replace(decimal_separator, ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return -amount if sign == "-" else amount


def clean_iban(value):
    """IBAN without spaces, upper case; "" for nothing."""
    return _IBAN_JUNK.sub("", str(value or "")).upper()


def clean_ref(value):
    """A reference as given; "" for the placeholders banks use for "none"."""
    text = " ".join(str(value or "").split())
    return "" if text.upper() in _NOT_PROVIDED else text


def stable_id(*parts):
    """``sha256:`` and the hex digest of the parts: the id of a booking without a bank id."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return f"sha256:{digest.hexdigest()}"


class IdRegistry:
    """Makes ids unique within one parse result, deterministically.

    ``hashed()`` numbers bookings with identical content (two equal transfers on one day
    are two payments). ``bank()`` keeps a bank reference; when it repeats with the same
    content the booking is a duplicate (overlapping statements in one zip) and None is
    returned, with other content it gets a ``#2`` suffix.
    """

    def __init__(self):
        self._ordinals = {}
        self._bank = {}

    def hashed(self, *parts):
        ordinal = self._ordinals.get(parts, 0)
        self._ordinals[parts] = ordinal + 1
        return stable_id(*parts, ordinal)

    def bank(self, ref, content):
        seen = self._bank.setdefault(ref, [])
        if content in seen:
            return None
        seen.append(content)
        return ref if len(seen) == 1 else f"{ref}#{len(seen)}"
