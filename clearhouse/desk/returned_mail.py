"""Returned letters of a postal mailing: the CSV of the lettershop or the post office.

One row per returned letter: the customer reference (``ref`` of the contact) or the letter
reference (what the mailing printed on the letter), and the reason as the post writes it
("Empfänger unbekannt verzogen", "Adresse unvollständig"). Each reason maps to a code and
an action: ``block`` (the address is wrong: no more letters until it is corrected) or
``research`` (an agent looks for the right address).
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from clearhouse.errors import InputError
from clearhouse.textfiles import decode_text

# code -> action; the addon shows the codes by name.
REASON_ACTIONS = {
    "moved": "block",
    "unknown": "block",
    "deceased": "block",
    "refused": "block",
    "incomplete": "research",
    "no_mailbox": "research",
    "other": "research",
}
# Patterns on the folded reason text, first match wins (German post wording and English).
_REASON_PATTERNS = (
    ("deceased", r"verstorben|deceased"),
    ("moved", r"verzogen|umgezogen|moved|nachsendeauftrag"),
    ("refused", r"verweigert|refused"),
    ("incomplete", r"unvollst|unzureichend|incomplete|insufficient|hausnummer|fehlt"),
    ("no_mailbox", r"briefkasten|mailbox|kein\s+zugang"),
    ("unknown", r"unbekannt|unknown|nicht\s+zu\s+ermitteln|nicht\s+ermittelbar"),
)
_HEADERS = {
    "customer_ref": ("customer_ref", "customer", "kundennummer", "kunde", "kundennr", "ref"),
    "letter_ref": ("letter_ref", "letter", "briefnummer", "sendungsnummer", "referenz"),
    "reason": ("reason", "grund", "rücksendegrund", "ruecksendegrund", "vermerk"),
}
MAX_ROWS = 100_000


@dataclass(frozen=True)
class ReturnedMail:
    """One returned letter; ``line`` is the line number in the file (header = 1)."""

    line: int
    customer_ref: str
    letter_ref: str
    reason_text: str
    reason_code: str

    @property
    def action(self):
        return REASON_ACTIONS[self.reason_code]


def reason_code(text):
    """The code of a reason text; ``other`` (research) when none fits, never silently
    a block."""
    folded = unicodedata.normalize("NFKD", (text or "").casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    for code, pattern in _REASON_PATTERNS:
        if re.search(pattern, folded):
            return code
    return "other"


def _column_map(header):
    found = {}
    for index, title in enumerate(header):
        key = title.strip().casefold()
        for column, names in _HEADERS.items():
            if key in names and column not in found:
                found[column] = index
    if "reason" not in found or not ({"customer_ref", "letter_ref"} & set(found)):
        raise InputError(
            "The header must name a reason column and a customer or letter reference column",
            code="returned_mail_header",
            line=1,
            columns=", ".join(h.strip() for h in header),
        )
    return found


def parse_returned_mail_csv(data):
    """``[ReturnedMail]`` of a CSV file (bytes; ``;`` or ``,``; UTF-8 or Windows-1252).

    Raises ``InputError`` naming the line of the first unusable row: a row without any
    reference or without a reason is an error, never skipped.
    """
    text = decode_text(data, source="The returned-mail file").text
    if not text.strip():
        raise InputError("The returned-mail file is empty", code="returned_mail_empty", line=1)
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = _column_map(next(rows))
    result = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(result) >= MAX_ROWS:
            raise InputError("Too many rows", code="returned_mail_too_long", line=line)
        values = {c: (row[i].strip() if i < len(row) else "") for c, i in columns.items()}
        if not values.get("customer_ref") and not values.get("letter_ref"):
            raise InputError(
                "Row without customer or letter reference", code="returned_mail_no_ref", line=line
            )
        if not values.get("reason"):
            raise InputError(
                "Row without reason", code="returned_mail_no_reason", line=line, field="reason"
            )
        result.append(
            ReturnedMail(
                line=line,
                customer_ref=values.get("customer_ref", ""),
                letter_ref=values.get("letter_ref", ""),
                reason_text=values["reason"],
                reason_code=reason_code(values["reason"]),
            )
        )
    return result
