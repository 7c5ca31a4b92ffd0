"""Helpers shared by the statement parsers: size, encoding, amounts and stable ids."""

import codecs
import hashlib
import re
from decimal import Decimal, InvalidOperation

from clearhouse.errors import InputError

MAX_BYTES = 50 * 1024 * 1024

_UTF16_32 = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_NOT_PROVIDED = {"", "NOTPROVIDED", "NONREF", "NOT PROVIDED"}
_IBAN_JUNK = re.compile(r"[\s\-.]+")


def decode(data, encoding=None, *, what="The file"):
    """Text of ``data``; an ``InputError`` naming the line of the first undecodable byte.

    ``encoding`` None means UTF-8, else Windows-1252 (what German banks write). A given
    encoding is binding, except that a UTF-8 byte-order mark is believed (Excel and some
    banks add one to any export, and no Windows-1252 text starts with those bytes).
    UTF-16/32 is refused unless asked for: statements are never written in it, so it
    means the wrong file or the wrong profile.
    """
    wide = _wide_encoding(data)
    wanted = codecs.lookup(encoding).name if encoding else ""
    if wide and not wanted.startswith(("utf-16", "utf-32")):
        expected = f"the profile expects {encoding}" if encoding else "expected is UTF-8"
        raise InputError(
            f"{what} is encoded in {wide}, but {expected}; export it again as "
            f"{encoding or 'UTF-8 or Windows-1252'} or choose a matching profile.",
            code="input_encoding_wide",
            line=1,
            encoding=wide,
            expected=_encoding_label(wanted) if wanted else "UTF-8 / Windows-1252",
        )
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif wanted:
        candidates = (wanted,)
    else:
        candidates = ("utf-8", "cp1252")
    error = None
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError as exc:
            error = error or (candidate, exc)
            continue
        if "\x00" in text:
            raise InputError(
                f"{what} contains NUL characters: it is a binary file, not a statement.",
                code="input_binary",
                line=text.count("\n", 0, text.index("\x00")) + 1,
            )
        return text.removeprefix("\ufeff")
    candidate, exc = error
    line = data.count(b"\n", 0, exc.start) + 1
    byte = data[exc.start : exc.start + 1].hex().upper()
    hint = " (is it Windows-1252?)" if candidate.startswith("utf") else ""
    raise InputError(
        f"{what} is not valid {_encoding_label(candidate)}{hint}: byte 0x{byte} on line "
        f"{line} cannot be read.",
        code="input_undecodable",
        line=line,
        encoding=_encoding_label(candidate),
        byte=f"0x{byte}",
    )


def _wide_encoding(data):
    for mark, name in _UTF16_32:
        if data.startswith(mark):
            return name
    head = data[:64]
    if len(head) >= 4 and head.count(b"\x00") * 4 >= len(head):
        return "UTF-16"  # without byte-order mark: every other byte is NUL
    return ""


def _encoding_label(name):
    labels = {
        "utf-8": "UTF-8",
        "utf-8-sig": "UTF-8",
        "cp1252": "Windows-1252",
        "iso8859-1": "ISO-8859-1",
        "latin-1": "ISO-8859-1",
        "iso8859-15": "ISO-8859-15",
    }
    return labels.get(name, name)


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
