"""Promotion orders as CSV, one row per order line, as spreadsheets export them.

Rows of one order share the external reference; the order columns repeat on every row
(or stay blank after the first row). Two different values in one order column are an
error of that order. The file is UTF-8 (with or without byte-order mark), UTF-16 with a
byte-order mark, or else Windows-1252 as German Excel writes it. The delimiter (``;``,
``,`` or tab) is taken from the header line; an Excel ``sep=;`` line is understood.

Column names ignore case, spaces, ``-``, ``_`` and ``.``, and umlauts may be written
as ``ae``/``oe``/``ue``/``ss``:

==================  ========================================  ========================
canonical name      also accepted                             column required
==================  ========================================  ========================
external_ref        Bestellnummer, Bestell-Nr, Referenz       yes
participant_number  Teilnehmernummer, Teilnehmer-Nr           no
declared_points     Punktestand, Punkte                       no
order_date          Bestelldatum, Datum                       no
note                Bemerkung, Notiz, Hinweis                 no
firstname           Vorname                                   no
lastname            Nachname                                  lastname or company
company             Firma                                     lastname or company
email               E-Mail, Mail                              no
phone               Telefon, Telefonnummer, Tel               no
street              Straße, Strasse, Straße und Hausnummer    no
street2             Adresszusatz                              no
zip                 PLZ, Postleitzahl                         no
city                Ort, Stadt                                no
state               Bundesland, Kanton, Region                no
country             Land, Ländercode                          yes
sku                 Artikelnummer, Artikel-Nr, Prämiennummer  yes
size                Größe, Groesse                            no
quantity            Menge, Anzahl                             no (blank means 1)
==================  ========================================  ========================

Values are checked by ``parse_order_dict`` as for every channel; "column required"
only says the header must have it.

Unknown columns make the file unreadable (``InputError``), so that a renamed column is
not silently dropped. Line numbers in errors are physical lines of the file (a quoted
cell may span several), pointing at the row an error was found in.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from clearhouse.errors import InputError, PayloadError
from clearhouse.intake.limits import checked_bytes
from clearhouse.intake.payload import (
    CUSTOMER_FIELDS,
    LINE_FIELDS,
    ORDER_FIELDS,
    order_label,
    parse_order_dict,
    payload_to_dict,
)
from clearhouse.textfiles import decode_text
from clearhouse.types import OrderPayload

MAX_BYTES = 50 * 1024 * 1024
# UTF-16 with a byte-order mark too: Excel's "Unicode text" export.
INTAKE_ENCODINGS = ("utf-8", "cp1252", "utf-16")

_ORDER_COLUMNS = tuple(name for name in ORDER_FIELDS if name not in ("customer", "lines"))
COLUMNS = _ORDER_COLUMNS + CUSTOMER_FIELDS + LINE_FIELDS

ALIASES = {
    "external_ref": ("Bestellnummer", "Bestell-Nr", "Referenz"),
    "participant_number": ("Teilnehmernummer", "Teilnehmer-Nr"),
    "declared_points": ("Punktestand", "Punkte"),
    "order_date": ("Bestelldatum", "Datum"),
    "note": ("Bemerkung", "Notiz", "Hinweis"),
    "firstname": ("Vorname",),
    "lastname": ("Nachname",),
    "company": ("Firma",),
    "email": ("E-Mail", "Mail"),
    "phone": ("Telefon", "Telefonnummer", "Tel"),
    "street": ("Straße", "Strasse", "Straße und Hausnummer"),
    "street2": ("Adresszusatz",),
    "zip": ("PLZ", "Postleitzahl"),
    "city": ("Ort", "Stadt"),
    "state": ("Bundesland", "Kanton", "Region"),
    "country": ("Land", "Ländercode"),
    "sku": ("Artikelnummer", "Artikel-Nr", "Prämiennummer"),
    "size": ("Größe", "Groesse"),
    "quantity": ("Menge", "Anzahl"),
}
REQUIRED_COLUMNS = ("external_ref", "country", "sku")

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_IGNORED_IN_NAMES = re.compile(r"[\s\-_.]+")
_DELIMITERS = (";", ",", "\t")
_SEP_LINE = re.compile(r"sep=(.)\s*")


def _key(name):
    """Column name as compared: ``Straße`` == ``strasse``, ``E-Mail`` == ``email``."""
    return _IGNORED_IN_NAMES.sub("", name.casefold().translate(_UMLAUTS))


_HEADER_KEYS = {_key(name): name for name in COLUMNS}
_HEADER_KEYS.update({_key(alias): name for name, aliases in ALIASES.items() for alias in aliases})


@dataclass
class CsvParseResult:
    """Orders of one file; ``positions[i]`` is the 0-based position of ``orders[i]``.

    An order's position is the rank of its external reference's first row. ``total``
    counts all orders, good and bad; ``encoding`` and ``delimiter`` are what was detected.
    """

    orders: list = field(default_factory=list)  # of OrderPayload
    positions: list = field(default_factory=list)  # of int
    errors: list = field(default_factory=list)  # of PayloadError
    total: int = 0
    encoding: str = ""
    delimiter: str = ""


def parse_orders_csv(data, *, max_bytes=MAX_BYTES):
    """Read an orders CSV; ``InputError`` if the file as a whole is unusable."""
    data = checked_bytes(data, max_bytes, "parse_orders_csv")
    text, encoding = decode_text(data, INTAKE_ENCODINGS)
    lines = io.StringIO(text, newline="")
    first_line, delimiter, line_number = _delimiter(lines)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    try:
        header = next(csv.reader([first_line], delimiter=delimiter))
        columns = _columns(header, line_number)
        groups = _group_rows(reader, columns, line_number)
    except csv.Error as exc:
        raise InputError(
            f"The file is not readable as CSV: {exc}.",
            code="input_malformed",
            line=reader.line_num + line_number,
        ) from None

    result = CsvParseResult(total=len(groups), encoding=encoding, delimiter=delimiter)
    for position, (ref, rows) in enumerate(groups.items()):
        try:
            payload = _order(ref, rows, columns, position)
        except PayloadError as exc:
            exc.params["position"] = position
            result.errors.append(exc)
        else:
            result.orders.append(payload)
            result.positions.append(position)
    return result


def orders_to_csv(orders, delimiter=";", encoding="utf-8"):
    """Write orders (canonical dicts or payloads) with the canonical column names.

    Pass ``encoding="utf-8-sig"`` for Excel, which needs the byte-order mark to see UTF-8.
    A value the encoding cannot represent raises a ``PayloadError`` naming order and field.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    encoder = codecs.getincrementalencoder(encoding)()
    chunks = [encoder.encode(buffer.getvalue())]
    seen = set()
    for position, order in enumerate(orders):
        if isinstance(order, OrderPayload):
            order = payload_to_dict(order)
        data = payload_to_dict(parse_order_dict(order, position))
        _check_unique(data["external_ref"], seen, position)
        order_values = [data.get(name, "") for name in _ORDER_COLUMNS]
        order_values += [data["customer"][name] for name in CUSTOMER_FIELDS]
        for index, line in enumerate(data["lines"]):
            values = order_values + [line[name] for name in LINE_FIELDS]
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(["" if value is None else value for value in values])
            try:
                chunks.append(encoder.encode(buffer.getvalue()))
            except UnicodeEncodeError:
                raise _unencodable(data, values, encoding, position, index) from None
    chunks.append(encoder.encode("", final=True))
    return b"".join(chunks)


def _delimiter(lines):
    """Header line, delimiter and header line number; skips blank lines and ``sep=``."""
    line_number = 0
    forced = None
    for line in lines:
        line_number += 1
        stripped = line.strip("\r\n")
        if not stripped.strip():
            continue
        match = _SEP_LINE.fullmatch(stripped)
        if match and forced is None:
            forced = match.group(1)
            continue
        if forced:
            return stripped, forced, line_number
        counts = {delimiter: stripped.count(delimiter) for delimiter in _DELIMITERS}
        delimiter = max(_DELIMITERS, key=counts.get)
        if not counts[delimiter]:
            raise InputError(
                "The header line has no ';', ',' or tab between column names.",
                code="input_no_delimiter",
                line=line_number,
            )
        return stripped, delimiter, line_number
    raise InputError("The file has no header line.", code="input_empty")


def _columns(header, line_number):
    """Canonical name of each column; trailing unnamed columns (Excel's ``;;``) dropped."""
    while header and not header[-1].strip():
        header.pop()
    columns = []
    unknown = []
    for index, name in enumerate(header):
        canonical = _HEADER_KEYS.get(_key(name))
        if not name.strip():
            raise InputError(
                f"Column {index + 1} of the header has no name.",
                code="input_header",
                line=line_number,
            )
        if canonical is None:
            unknown.append(name.strip())
        elif canonical in columns:
            raise InputError(
                f"The header names column {canonical} twice.",
                code="input_header",
                field=canonical,
                line=line_number,
            )
        columns.append(canonical)
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise InputError(
            f"The header has unknown column(s) {names}; accepted are "
            f"{', '.join(COLUMNS)} and their German names.",
            code="input_header",
            field=unknown[0],
            line=line_number,
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if "lastname" not in columns and "company" not in columns:
        missing.append("lastname or company")
    if missing:
        raise InputError(
            f"The header lacks the required column(s) {', '.join(missing)}.",
            code="input_header",
            field=missing[0],
            line=line_number,
        )
    return columns


def _group_rows(reader, columns, header_line):
    """Rows by external reference, in order of first appearance, with their line numbers.

    A row without reference is an order of its own (keyed by its line), so that its
    error can be reported; blank rows are skipped.
    """
    ref_index = columns.index("external_ref")
    groups = {}
    end_line = 0
    for row in reader:
        line = header_line + end_line + 1
        end_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        ref = " ".join(row[ref_index].split()) if ref_index < len(row) else ""
        key = ref or ("", line)
        groups.setdefault(key, []).append((line, row))
    return groups


def _order(ref, rows, columns, position):
    """Canonical dict of one order's rows, checked by ``parse_order_dict``."""
    label = order_label(ref if isinstance(ref, str) else "", position)
    record = ref if isinstance(ref, str) and ref else f"#{position}"
    order = {}
    order_lines = []
    width = len(columns)
    for line, row in rows:
        extra = [cell for cell in row[width:] if cell.strip()]
        if extra:
            raise PayloadError(
                f"Order {label}: the row has {len(row)} cells, the header only {width}.",
                record=record,
                field=None,
                line=line,
            )
        values = dict(zip(columns, row, strict=False))
        order_line = {}
        for name, value in values.items():
            if name in LINE_FIELDS:
                if value.strip():
                    order_line[name] = value
            elif value.strip():
                previous = order.setdefault(name, (value, line))
                if previous[0].split() != value.split():
                    where = _field_name(name)
                    raise PayloadError(
                        f"Order {label}: {where} is {value.strip()!r} here but "
                        f"{previous[0].strip()!r} on line {previous[1]}.",
                        record=record,
                        field=where,
                        line=line,
                    )
        order_lines.append((line, order_line))
    data = {"customer": {}, "lines": [line_values for _line, line_values in order_lines]}
    for name, (value, _line) in order.items():
        if name in CUSTOMER_FIELDS:
            data["customer"][name] = value
        else:
            data[name] = value
    try:
        return parse_order_dict(data, position)
    except PayloadError as exc:
        exc.line = _error_line(exc.field, order, order_lines)
        raise


def _field_name(column):
    return f"customer.{column}" if column in CUSTOMER_FIELDS else column


def _error_line(field_name, order, order_lines):
    """Line of the row behind a field: the line's row, or the order value's first row."""
    first_line = order_lines[0][0]
    if not field_name:
        return first_line
    match = re.match(r"lines\[(\d+)\]", field_name)
    if match:
        index = int(match.group(1))
        return order_lines[index][0] if index < len(order_lines) else first_line
    column = field_name.removeprefix("customer.")
    return order[column][1] if column in order else first_line


def _unencodable(data, values, encoding, position, line_index):
    for name, value in zip(COLUMNS, values, strict=True):
        try:
            str(value).encode(encoding)
        except UnicodeEncodeError:
            where = f"lines[{line_index}].{name}" if name in LINE_FIELDS else _field_name(name)
            return PayloadError(
                f"Order {data['external_ref']}: {where} cannot be written in {encoding}.",
                record=data["external_ref"],
                field=where,
                position=position,
            )
    return PayloadError(
        f"Order {data['external_ref']} cannot be written in {encoding}.",
        record=data["external_ref"],
        position=position,
    )


def _check_unique(ref, seen, position):
    """Rows are grouped by reference: two orders with one reference would merge."""
    if ref in seen:
        raise PayloadError(
            f"Order {ref}: external_ref appears more than once in the orders to write.",
            record=ref,
            field="external_ref",
            position=position,
        )
    seen.add(ref)
