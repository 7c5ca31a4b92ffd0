"""The canonical order dict, and the one place that turns it into an ``OrderPayload``.

Every intake channel (``submit_orders`` over XML-RPC, XML and CSV files) ends here, so the
limits and normalisations hold whatever the channel. A ``position`` is the 0-based index of
the order in its input; it names the order in errors when there is no external reference.

Normalisation: single-line texts are stripped and their whitespace runs (line breaks and
double spaces from spreadsheet cells) collapsed to one space; the note keeps its line breaks
(``\\r\\n`` becomes ``\\n``, as an XML parser would do). Country and size are upper-cased, the
e-mail lower-cased. Characters that XML 1.0 cannot carry are refused, so that every payload
can be written to a file and read back unchanged.
"""

import dataclasses
import datetime
import re
from collections.abc import Mapping

from clearhouse.errors import PayloadError
from clearhouse.types import Customer, OrderLine, OrderPayload

MAX_REF = 64
MAX_TEXT = 256
MAX_NOTE = 2000
MAX_SKU = 64
MAX_SIZE = 16
MAX_LINES = 200
MAX_QUANTITY = 999
MAX_POINTS = 2_147_483_647  # Odoo integer fields are 32-bit

ORDER_FIELDS = (
    "external_ref",
    "participant_number",
    "declared_points",
    "order_date",
    "note",
    "customer",
    "lines",
)
CUSTOMER_FIELDS = tuple(f.name for f in dataclasses.fields(Customer))
LINE_FIELDS = ("sku", "size", "quantity")

# XML 1.0 cannot carry these; lone surrogates cannot even be encoded.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_COUNTRY = re.compile(r"[A-Z]{2}")
_EMAIL = re.compile(r"[^@\s,;<>()\[\]\"]+@(?:[^@\s,;<>()\[\]\".]+\.)+[^@\s,;<>()\[\]\".]+")
_DATE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-]([0-9]{2}):([0-9]{2}))?)?"
)


def normalize_email(value):
    """Stripped, lower-cased e-mail: the form participants are matched by.

    Odoo hands empty fields over as ``False``, hence the falsy check.
    """
    if not value:
        return ""
    return str(value).strip().lower()


def _upper_ascii(value):
    # Only ASCII: "ß".upper() would turn into a plausible country code "SS".
    return value.upper() if value.isascii() else value


_CASES = {"email": normalize_email, "country": _upper_ascii}


def parse_order_dict(data, position=None):
    """Check and normalise one canonical order dict.

    Raises ``PayloadError`` for the first problem found, naming the order and the field.
    """
    return _OrderReader(position).read_order(data)


def payload_to_dict(payload):
    """Canonical dict of a payload: ``parse_order_dict(payload_to_dict(p)) == p``.

    ``declared_points`` is left out when unknown because XML-RPC cannot marshal ``None``.
    """
    data = {
        "external_ref": payload.external_ref,
        "participant_number": payload.participant_number,
    }
    if payload.declared_points is not None:
        data["declared_points"] = payload.declared_points
    data["order_date"] = payload.order_date
    data["note"] = payload.note
    data["customer"] = dataclasses.asdict(payload.customer)
    data["lines"] = [
        {"sku": line.sku, "size": line.size, "quantity": line.quantity} for line in payload.lines
    ]
    return data


def order_label(external_ref, position):
    """How messages name an order: its reference, else its position in the input."""
    if external_ref:
        return external_ref if len(external_ref) <= MAX_REF else external_ref[:MAX_REF] + "..."
    return f"#{position}" if position is not None else "without external reference"


def _describe(value):
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def _quote(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class _OrderReader:
    """Reads one order; remembers how to name it once the reference is known."""

    def __init__(self, position):
        self.position = position
        self.record = f"#{position}" if position is not None else None
        self.label = order_label("", position)

    def fail(self, field, message):
        raise PayloadError(
            f"Order {self.label}: {message}",
            record=self.record,
            field=field,
            position=self.position,
        )

    def read_order(self, data):
        if not isinstance(data, Mapping):
            self.fail(None, f"an order must be a mapping of fields, not {_describe(data)}.")
        ref = self.text(data.get("external_ref"), "external_ref", MAX_REF, required=True)
        self.record = ref
        self.label = order_label(ref, self.position)
        self.reject_unknown(data, ORDER_FIELDS, "")
        return OrderPayload(
            external_ref=ref,
            participant_number=self.text(
                data.get("participant_number"), "participant_number", MAX_REF
            ),
            declared_points=self.integer(
                data.get("declared_points"), "declared_points", 0, MAX_POINTS, default=None
            ),
            order_date=self.date(data.get("order_date"), "order_date"),
            note=self.text(data.get("note"), "note", MAX_NOTE, multiline=True),
            customer=self.customer(data.get("customer")),
            lines=self.lines(data.get("lines")),
        )

    def reject_unknown(self, data, known, prefix):
        for key in data:
            if key not in known:
                name = key if isinstance(key, str) else repr(key)
                name = f"{prefix}{name[:MAX_REF]}"
                self.fail(name, f"{name} is not a known field.")

    def text(self, value, field, max_len, *, required=False, multiline=False, case=None):
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(field, f"{field} must be text, not {_describe(value)}.")
        if multiline:
            value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        else:
            value = " ".join(value.split())
        if case:
            # Before the length check: case mapping can lengthen text ("ß" -> "SS").
            value = case(value)
        if _FORBIDDEN.search(value):
            self.fail(field, f"{field} contains a control character that files cannot carry.")
        if required and not value:
            self.fail(field, f"{field} is required.")
        if len(value) > max_len:
            self.fail(field, f"{field} is longer than {max_len} characters.")
        return value

    def integer(self, value, field, minimum, maximum, *, default):
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            self.fail(field, f"{field} must be a whole number, not {_describe(value)}.")
        if isinstance(value, str):
            digits = value.strip()
            if not _INTEGER.fullmatch(digits):
                self.fail(field, f"{field} must be a whole number, not {_quote(value)}.")
            # Python refuses to convert very long digit strings; they are out of range anyway.
            value = int(digits) if len(digits.lstrip("+-").lstrip("0")) <= 12 else maximum + 1
        if not minimum <= value <= maximum:
            shown = value if abs(value) < 10**12 else "a larger number"
            self.fail(field, f"{field} must be between {minimum} and {maximum}, not {shown}.")
        return value

    def date(self, value, field):
        text = self.text(value, field, MAX_REF)
        if not text:
            return ""
        match = _DATE.fullmatch(text)
        try:
            if not match:
                raise ValueError(text)
            year, month, day, hour, minute, second, tz_hour, tz_minute = (
                int(part) if part else 0 for part in match.groups()
            )
            datetime.datetime(year, month, day, hour, minute, second)
            if tz_hour > 23 or tz_minute > 59:
                raise ValueError(text)
        except ValueError:
            self.fail(
                field,
                f"{field} must be an ISO 8601 date or date and time such as "
                f"2026-10-01 or 2026-10-01T12:00:00, not {_quote(text)}.",
            )
        return text

    def customer(self, data):
        field = "customer"
        if data is None:
            self.fail(field, "customer is required.")
        if not isinstance(data, Mapping):
            self.fail(field, f"customer must be a mapping of fields, not {_describe(data)}.")
        self.reject_unknown(data, CUSTOMER_FIELDS, "customer.")
        values = {
            name: self.text(data.get(name), f"customer.{name}", MAX_TEXT, case=_CASES.get(name))
            for name in CUSTOMER_FIELDS
        }
        if values["email"] and not _EMAIL.fullmatch(values["email"]):
            self.fail(
                "customer.email",
                f"customer.email {_quote(values['email'])} does not look like an e-mail address.",
            )
        if not values["country"]:
            self.fail("customer.country", "customer.country is required.")
        if not _COUNTRY.fullmatch(values["country"]):
            self.fail(
                "customer.country",
                "customer.country must be a two-letter ISO 3166 code such as DE, "
                f"not {_quote(values['country'])}.",
            )
        if not values["lastname"] and not values["company"]:
            self.fail("customer.lastname", "customer needs a lastname or a company.")
        return Customer(**values)

    def lines(self, data):
        if data is None:
            self.fail("lines", "lines are required.")
        if not isinstance(data, (list, tuple)):
            self.fail("lines", f"lines must be a list, not {_describe(data)}.")
        if not data:
            self.fail("lines", "lines must contain at least one line.")
        if len(data) > MAX_LINES:
            self.fail("lines", f"lines may contain at most {MAX_LINES} lines, not {len(data)}.")
        return tuple(self.line(line, f"lines[{index}]") for index, line in enumerate(data))

    def line(self, data, field):
        if not isinstance(data, Mapping):
            self.fail(field, f"{field} must be a mapping of fields, not {_describe(data)}.")
        self.reject_unknown(data, LINE_FIELDS, f"{field}.")
        return OrderLine(
            sku=self.text(data.get("sku"), f"{field}.sku", MAX_SKU, required=True),
            size=self.text(data.get("size"), f"{field}.size", MAX_SIZE, case=str.upper),
            quantity=self.integer(
                data.get("quantity"), f"{field}.quantity", 1, MAX_QUANTITY, default=1
            ),
        )
