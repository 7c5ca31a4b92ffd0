"""Hostile-file-safe XML parsing for statements, reusing the order intake's guards.

``clearhouse.intake.xml`` refuses a DOCTYPE before lxml sees the bytes and parses with
entities, DTDs and network off; its messages speak of order files, so they are reworded
here for bank statements. Nothing is copied: a fix there applies here too.
"""

from clearhouse.errors import InputError
from clearhouse.intake.xml import _parse, _reject_doctype

_DOCTYPE_MESSAGE = (
    "The file contains a document type declaration (DOCTYPE); bank statements must not "
    "declare a DTD or entities."
)


def parse_xml(data):
    """Root element of ``data``; ``InputError`` with the line for anything unreadable."""
    try:
        _reject_doctype(data)
        return _parse(data)
    except InputError as exc:
        if exc.code == "input_doctype":
            raise InputError(_DOCTYPE_MESSAGE, code=exc.code, line=exc.line) from None
        raise
