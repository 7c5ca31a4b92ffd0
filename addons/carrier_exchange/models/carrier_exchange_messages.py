"""Translated texts for the core's error codes of confirmation files.

The core raises errors with a code and parameters; users read these texts in their
own language. A code missing here falls back to the core's English message.
"""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

FILE_MESSAGES = {
    "input_doctype": _lt(
        "The file declares a document type (DOCTYPE) or entities; such files are refused unread."
    ),
    "input_empty": _lt("The file is empty or has no header line."),
    "input_encoding": _lt("The file is not in the character encoding the partner profile expects."),
    "input_undecodable": _lt(
        "The file is not valid %(encoding)s: byte 0x%(byte)s cannot be read; check the "
        "encoding of the partner profile."
    ),
    "input_encoding_wide": _lt(
        "The file is encoded in %(encoding)s, but %(expected)s is expected by the partner profile."
    ),
    "input_binary": _lt("The file contains NUL characters: it is a binary file, not text."),
    "input_header": _lt("The header line lacks a required column or names one twice."),
    "input_malformed": _lt("The file is not well-formed (line %(line)s)."),
    "input_schema": _lt("The file does not match the confirmation schema 1.0."),
    "input_too_large": _lt("The file is larger than the allowed size."),
    "input_wrong_root": _lt("The file is not a confirmations file."),
}

RECORD_MESSAGES = {
    "confirmation_missing_reference": _lt("Line %(line)s: the delivery reference is missing."),
    "confirmation_schema": _lt(
        "Line %(line)s, delivery %(ref)s: the confirmation does not match the schema "
        "(field %(field)s)."
    ),
    "confirmation_unknown_status": _lt(
        "Line %(line)s, delivery %(ref)s: the status '%(status)s' is unknown; expected "
        "shipped, delivered, returned or lost."
    ),
    "confirmation_timestamp": _lt(
        "Line %(line)s, delivery %(ref)s: the timestamp is not a date and time."
    ),
    "confirmation_tracking": _lt(
        "Line %(line)s, delivery %(ref)s: a tracking number is not valid."
    ),
    "confirmation_missing_tracking": _lt(
        "Line %(line)s, delivery %(ref)s: a shipped confirmation needs at least one "
        "tracking number."
    ),
    "confirmation_missing_carrier": _lt(
        "Line %(line)s, delivery %(ref)s: a shipped confirmation needs the carrier."
    ),
    "confirmation_duplicate": _lt(
        "Line %(line)s, delivery %(ref)s: the status is confirmed twice in this file "
        "(first on line %(first_line)s)."
    ),
    "unknown_reference": _lt(
        "Confirmation for delivery %(ref)s: no delivery with this reference was sent to "
        "%(partner)s."
    ),
}


def error_params(error):
    """The parameters a record message is rendered with, stored with the issue."""
    return {
        "line": error.line or "-",
        "ref": error.record or "-",
        "field": error.field or "-",
        **{key: value for key, value in error.params.items() if isinstance(value, (str, int))},
    }


def render_issue(lang, code, params, fallback):
    """A stored issue's text in the reader's language (``fallback``: the stored text)."""
    template = RECORD_MESSAGES.get(code)
    if template is None or not params:
        return fallback
    try:
        return template._translate(lang or "en_US") % params
    except (KeyError, TypeError, ValueError):
        return fallback


def render(error, messages, lang):
    """The text of a core error in ``lang`` (the reader's), with the core's detail for
    the specialist on a line of its own for file errors.

    The language is passed, never guessed: a lazy text turned into a string without
    one makes Odoo look for it in the caller's frames and warn when it finds none.
    """
    template = messages.get(error.code)
    if template is None:
        return str(error)
    text = template._translate(lang or "en_US") % error_params(error)
    return f"{text}\n{error}" if messages is FILE_MESSAGES else text
