"""Bytes of an uploaded or fetched text file (CSV, MT940) as text: one policy for all.

Order files, bank statements and logistics confirmations come from the same spreadsheet
programs and bank portals, so one file must not be readable by one importer and refused
by the next. The policy, in order:

1. A UTF-8 byte-order mark is believed, whatever was expected: Excel and some banks put
   one before any export, and no Windows-1252 text starts with those three bytes.
2. UTF-16/32 (a byte-order mark, or every other byte NUL) is read only when the caller
   lists a UTF-16/32 codec; anywhere else it means the wrong file or the wrong profile.
3. Otherwise the ``encodings`` are tried in order; the first that reads every byte wins.
4. NUL characters mean a binary file, not text.

Every refusal is an ``InputError`` with the ``line`` of the first byte that cannot be
read and one of three codes: ``input_undecodable`` (``params`` ``encoding``, the expected
encoding's label, and ``byte``, the hex value to blame), ``input_encoding_wide`` (a UTF-16/32
file where it was not asked for: ``encoding`` found, ``expected``) and ``input_binary`` (NUL
characters).
"""

import codecs
from typing import NamedTuple

from clearhouse.errors import InputError

DEFAULT_ENCODINGS = ("utf-8", "cp1252")

# UTF-32-LE before UTF-16-LE: their marks share the first two bytes.
_WIDE_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
    "iso8859-1": "ISO 8859-1",
    "iso8859-15": "ISO 8859-15",
}


class DecodedText(NamedTuple):
    """The text and the codec that read it (``utf-8-sig`` when a UTF-8 mark was there)."""

    text: str
    encoding: str


def decode_text(data, encodings=None, *, source="The file"):
    """``DecodedText`` of ``data`` read with the first fitting of ``encodings``.

    ``encodings`` is what the caller accepts, best guess first (one name or a tuple;
    None: ``DEFAULT_ENCODINGS``). A partner or bank profile passes its one encoding,
    which is then binding (except for rule 1 above).
    ``source`` starts the error message ("The MT940 file").
    """
    if not encodings:
        encodings = DEFAULT_ENCODINGS
    elif isinstance(encodings, str):
        encodings = (encodings,)
    wanted = [(name, _codec(name)) for name in encodings]
    data = bytes(data)
    if data.startswith(codecs.BOM_UTF8):
        return _decoded(data, ["utf-8-sig"], source)
    wide = _wide_family(data)
    narrow = [name for name, codec in wanted if not codec.startswith(("utf-16", "utf-32"))]
    if wide:
        fitting = [name for name, codec in wanted if codec.startswith(wide)]
        if not fitting:
            raise _refused(encoding_label(wide), narrow, source)
        return _decoded(data, fitting, source)
    if not narrow:
        raise _refused("8-bit text", encodings, source)
    return _decoded(data, narrow, source)


def encoding_label(name):
    """How people call an encoding ("Windows-1252" for ``cp1252``)."""
    return _LABELS.get(_codec(name), name)


def _codec(name):
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}") from None


def _wide_family(data):
    """``utf-16``/``utf-32`` when the bytes are in one of them, else ""."""
    for mark, family in _WIDE_MARKS:
        if data.startswith(mark):
            return family
    head = data[:64]
    if len(head) >= 4 and head.count(b"\x00") * 4 >= len(head):
        return "utf-16"  # without a byte-order mark: every other byte is NUL
    return ""


def _decoded(data, candidates, source):
    first_error = None
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError as exc:
            first_error = first_error or (candidate, exc)
            continue
        if "\x00" in text:
            raise InputError(
                f"{source} contains NUL characters: it is a binary file, not text.",
                code="input_binary",
                line=text.count("\n", 0, text.index("\x00")) + 1,
                encoding=encoding_label(candidate),
            )
        return DecodedText(text.removeprefix("\ufeff"), candidate)
    raise _unreadable(data, candidates, first_error, source)


def _unreadable(data, candidates, first_error, source):
    """The error for bytes none of the candidates reads, at the first one's first bad byte."""
    candidate, exc = first_error
    line = data.count(b"\n", 0, exc.start) + 1
    byte = data[exc.start : exc.start + 1].hex().upper()
    labels = list(dict.fromkeys(encoding_label(name) for name in candidates))
    expected = " nor ".join(labels) if len(labels) > 1 else labels[0]
    hint = " (is it Windows-1252?)" if labels == ["UTF-8"] else ""
    return InputError(
        f"{source} is {'neither ' if len(labels) > 1 else 'not valid '}{expected}{hint}: "
        f"byte 0x{byte} on line {line} cannot be read.",
        code="input_undecodable",
        line=line,
        encoding=encoding_label(candidate),
        byte=byte,
    )


def _refused(found, expected, source):
    """The error for a file in another family of encodings than the caller accepts."""
    expected = " or ".join(dict.fromkeys(encoding_label(name) for name in expected)) or "UTF-8"
    return InputError(
        f"{source} is encoded in {found}, but {expected} is expected; export it again as "
        f"{expected} or choose a matching profile.",
        code="input_encoding_wide",
        line=1,
        encoding=found,
        expected=expected,
    )
