"""Lettershop file: one row per voucher letter, per a documented column profile.

Profile ``clearhouse-lettershop-1`` (CSV, UTF-8 with byte order mark, ``;`` separated, every
field quoted, CRLF line ends, German number and date format, as German lettershops read it):

| Column | Content |
| --- | --- |
| ``Anrede`` | salutation (title of the contact, e.g. "Frau") or empty |
| ``Name`` | name of the customer |
| ``Firma`` | company name or empty |
| ``Strasse`` | street |
| ``Zusatz`` | street2 |
| ``PLZ`` | postal code |
| ``Ort`` | city |
| ``Land`` | ISO country code |
| ``Kartennummer`` | card number |
| ``Segment`` | segment name or empty |
| ``Gutscheincode`` | voucher code as printed |
| ``Wert`` | voucher value, two decimals, comma |
| ``Waehrung`` | ISO currency code |
| ``Gueltig_bis`` | last valid day, DD.MM.YYYY |
| ``Vorlage`` | letter template key (``threshold``, ``birthday``, ...) |
"""

import csv
import io
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

PROFILE = "clearhouse-lettershop-1"


@dataclass(frozen=True)
class LetterRow:
    salutation: str
    name: str
    company: str
    street: str
    street2: str
    zip: str
    city: str
    country: str
    card_number: str
    segment: str
    code: str
    value: Decimal
    currency: str
    valid_until: object  # date
    template: str


COLUMNS = (
    ("Anrede", "salutation"),
    ("Name", "name"),
    ("Firma", "company"),
    ("Strasse", "street"),
    ("Zusatz", "street2"),
    ("PLZ", "zip"),
    ("Ort", "city"),
    ("Land", "country"),
    ("Kartennummer", "card_number"),
    ("Segment", "segment"),
    ("Gutscheincode", "code"),
    ("Wert", "value"),
    ("Waehrung", "currency"),
    ("Gueltig_bis", "valid_until"),
    ("Vorlage", "template"),
)
assert {name for _, name in COLUMNS} == {f.name for f in fields(LetterRow)}


def format_value(value):
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{amount:.2f}".replace(".", ",")


def cell(row, name):
    """The text of one field of ``row`` as the profile writes it."""
    value = getattr(row, name)
    if name == "value":
        return format_value(value)
    if name == "valid_until":
        return value.strftime("%d.%m.%Y") if value else ""
    text = "" if value is None or value is False else str(value)
    # One letter field is one line: line breaks inside a field confuse mail merge.
    return " ".join(text.split())


def table(rows):
    """Header and cells of ``rows`` (for CSV and spreadsheet writers alike)."""
    header = [title for title, _ in COLUMNS]
    return header, [[cell(row, name) for _, name in COLUMNS] for row in rows]


def write_csv(rows):
    """The CSV file of ``rows`` as bytes."""
    header, body = table(rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue().encode("utf-8-sig")
