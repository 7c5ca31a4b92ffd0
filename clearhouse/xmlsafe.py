"""Parsing XML that comes from outside: no DTD, no entities, no network.

A document type declaration is refused before lxml sees the bytes (that is where entity
bombs, external entities and external DTDs live), and the parser itself never resolves
entities, loads DTDs or uses the network. Every reader of outside XML (orders, bank
statements, logistics confirmations) goes through here.
"""

import codecs
import re

from lxml import etree

from clearhouse.errors import InputError

# Byte-order marks and the first bytes of "<" in encodings that are not ASCII-compatible.
# UTF-32-LE before UTF-16-LE: their marks share the first two bytes.
_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


def reject_doctype(data):
    """Refuse a DOCTYPE before parsing: entity bombs and external entities need one.

    Only the prolog is scanned (XML declaration, comments, processing instructions),
    because a DOCTYPE is only allowed there; a note that mentions "<!DOCTYPE" in a
    CDATA section is no reason to refuse a file.
    """
    head = data[:4]
    if b"\x00" in head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        for mark, encoding in _WIDE_ENCODINGS:
            if head.startswith(mark):
                data = data.decode(encoding, errors="replace").encode("utf-8")
                break
        else:
            raise InputError(
                "The file's character encoding is not supported; use UTF-8.",
                code="input_encoding",
            )
    elif head == b"\x4c\x6f\xa7\x94":  # "<?xm" in EBCDIC
        raise InputError(
            "The file is in EBCDIC, which is not supported; use UTF-8.", code="input_encoding"
        )
    index = 3 if data.startswith(codecs.BOM_UTF8) else 0
    while True:
        while index < len(data) and data[index] in b" \t\r\n":
            index += 1
        if data.startswith(b"<?", index):
            end, closing = data.find(b"?>", index + 2), 2
        elif data.startswith(b"<!--", index):
            end, closing = data.find(b"-->", index + 4), 3
        elif data.startswith(b"<!", index):
            raise InputError(
                "The file contains a document type declaration (DOCTYPE); such files "
                "must not declare a DTD or entities.",
                code="input_doctype",
                line=data.count(b"\n", 0, index) + 1,
            )
        else:
            return
        if end < 0:
            return  # unterminated: the parser reports it with its line
        index = end + closing


_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)"""
)


def _undecodable_line(data):
    """Line of the first byte that is not valid in the file's encoding, or None.

    Decided here rather than read from lxml's message, whose wording changes between
    releases. Only for ASCII-compatible files whose encoding Python knows.
    """
    declared = _DECLARED_ENCODING.match(data)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")) or b"\x00" in data[:4]:
            return None
        data.decode(encoding)
    except LookupError:
        return None
    except UnicodeDecodeError as exc:
        return encoding, data.count(b"\n", 0, exc.start) + 1
    return None


def parse_xml(data):
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        undecodable = _undecodable_line(data)
        if undecodable and undecodable[1] == exc.lineno:
            raise InputError(
                f"The file is not well-formed XML: line {exc.lineno} is not valid "
                f"{undecodable[0].upper()}; save the file as UTF-8 or declare its encoding.",
                code="input_malformed",
                line=exc.lineno,
            ) from None
        raise InputError(
            f"The file is not well-formed XML: {exc.msg}",
            code="input_malformed",
            line=exc.lineno,
            detail=exc.msg,
        ) from None
    except (etree.LxmlError, ValueError, LookupError) as exc:
        raise InputError(
            f"The file cannot be read as XML: {exc}", code="input_malformed", detail=str(exc)
        ) from None
    if root is None:
        raise InputError("The file contains no XML element.", code="input_malformed")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # Unreachable after reject_doctype unless an encoding hid the declaration from it.
        raise InputError(
            "The file contains a document type declaration (DOCTYPE); such files "
            "must not declare a DTD or entities.",
            code="input_doctype",
        )
    return root


def parse_untrusted(data):
    """Root element of outside XML, or ``InputError`` (with the line where known)."""
    reject_doctype(data)
    return parse_xml(data)
