"""Files exchanged with logistics partners: delivery orders out, confirmations in.

Outbound documents (``urn:clearhouse:logistics-delivery:1.0``, see
``schemas/logistics-delivery-1.0.xsd``, or a CSV profile) are written from plain value
objects. Writers are deterministic (the caller passes the creation time, nothing reads
the clock) so a resent document is byte-identical and can be compared or hashed. They
check every value against the schema's limits themselves and raise a ``PayloadError``
naming the delivery, because a partner that rejects a whole file for one bad address
holds up every other delivery in it; ``check_delivery`` lets the addon find such
deliveries before it builds the document.

Inbound confirmations (``urn:clearhouse:logistics-confirmation:1.0`` or CSV) come from
outside and are read like every outside XML (``clearhouse.xmlsafe``): DOCTYPE refused before
parsing, no entities, no DTD, no network, a size limit. A file that cannot be read is an
``InputError``; a bad confirmation costs only itself (a ``PayloadError`` with its line).
"""

import codecs
import csv
import io
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from clearhouse.errors import InputError, PayloadError
from clearhouse.intake.limits import checked_bytes
from clearhouse.textfiles import decode_text
from clearhouse.types import Customer
from clearhouse.xmlsafe import parse_untrusted

DELIVERY_NAMESPACE = "urn:clearhouse:logistics-delivery:1.0"
CONFIRMATION_NAMESPACE = "urn:clearhouse:logistics-confirmation:1.0"
_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
DELIVERY_SCHEMA_PATH = _SCHEMAS / "logistics-delivery-1.0.xsd"
CONFIRMATION_SCHEMA_PATH = _SCHEMAS / "logistics-confirmation-1.0.xsd"
MAX_BYTES = 20 * 1024 * 1024

SHIPPED = "shipped"
DELIVERED = "delivered"
RETURNED = "returned"
LOST = "lost"
STATUSES = (SHIPPED, DELIVERED, RETURNED, LOST)

# Columns a delivery CSV profile may use; one row per delivery line.
DELIVERY_COLUMNS = (
    "document_id",
    "reference",
    "order_ref",
    "campaign",
    "service",
    "weight_kg",
    "firstname",
    "lastname",
    "name",
    "company",
    "street",
    "street2",
    "zip",
    "city",
    "state",
    "country",
    "email",
    "phone",
    "packstation_number",
    "post_number",
    "note",
    "position",
    "product",
    "description",
    "quantity",
    "size",
    "line_weight_kg",
)
CANCELLATION_COLUMNS = ("document_id", "reference", "order_ref", "reason")
# A cancellation of some lines of a delivery: one row per line cancelled.
LINE_CANCELLATION_COLUMNS = (*CANCELLATION_COLUMNS, "position", "product", "size", "quantity")
CONFIRMATION_COLUMNS = ("reference", "status", "timestamp", "carrier", "tracking_numbers", "reason")
_REQUIRED_CONFIRMATION_COLUMNS = ("reference", "status", "timestamp")

_CODE_MAX = 64
_TEXT_MAX = 256
_NOTE_MAX = 2000
_WEIGHT_MAX = 99999.999
_QUANTITY_MAX = 99999
_LINES_MAX = 999
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_DIGITS = re.compile(r"[0-9]{1,16}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_TRACKING = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]{0,63}")
_TRACKING_SEPARATORS = re.compile(r"[\s,;|]+")
_ISO_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?"
)

_SCHEMA_SUBJECT = re.compile(r"Element '([^']*)'(?:, attribute '([^']*)')?")
_D = f"{{{DELIVERY_NAMESPACE}}}"
_C = f"{{{CONFIRMATION_NAMESPACE}}}"
_RECIPIENT_FIELDS = (
    "firstname",
    "lastname",
    "company",
    "street",
    "street2",
    "zip",
    "city",
    "state",
    "country",
    "email",
    "phone",
)

_thread = threading.local()


# Value objects --------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    code: str
    name: str = ""


@dataclass(frozen=True)
class DocumentHeader:
    """Who sends what to whom; ``created`` must be time-zone aware (written as UTC)."""

    document_id: str
    created: datetime
    sender: Party
    partner: Party
    run: str = ""


@dataclass(frozen=True)
class Packstation:
    """Parcel locker delivery: the station's number and the recipient's post number."""

    number: str
    post_number: str


@dataclass(frozen=True)
class DeliveryLine:
    """``weight_kg`` is the weight of all pieces of the line together, if known."""

    product_code: str
    quantity: int = 1
    description: str = ""
    size: str = ""
    weight_kg: float | None = None


@dataclass(frozen=True)
class DeliveryOrder:
    """One delivery to ship; ``reference`` comes back in the partner's confirmations."""

    reference: str
    order_ref: str
    recipient: Customer
    lines: tuple  # of DeliveryLine
    weight_kg: float
    service: str = ""
    campaign_code: str = ""
    packstation: Packstation | None = None
    note: str = ""


@dataclass(frozen=True)
class Cancellation:
    """A delivery sent before that the partner must not ship.

    ``lines`` (``DeliveryLine``, the quantities not to ship): empty cancels the whole
    delivery; otherwise only these lines, the rest of the delivery ships.
    """

    reference: str
    order_ref: str = ""
    reason: str = ""
    lines: tuple = ()


@dataclass(frozen=True)
class CsvProfile:
    """How one partner's CSV looks; ``columns`` are canonical names, in file order.

    ``labels`` maps a canonical name to the partner's header text; ``status_map`` maps
    the partner's status words (any case) to ``STATUSES``; ``timestamp_format`` is a
    ``strptime`` format for partners that do not write ISO 8601. When reading, header
    columns the profile does not name are ignored: partners add columns of their own.
    """

    columns: tuple = DELIVERY_COLUMNS
    labels: dict = field(default_factory=dict, hash=False)
    delimiter: str = ";"
    encoding: str = "utf-8"
    header: bool = True
    decimal_comma: bool = False
    status_map: dict = field(default_factory=dict, hash=False)
    timestamp_format: str = ""

    def label(self, column):
        return self.labels.get(column, column)


CONFIRMATION_CSV = CsvProfile(columns=CONFIRMATION_COLUMNS)
CANCELLATION_CSV = CsvProfile(columns=CANCELLATION_COLUMNS)
LINE_CANCELLATION_CSV = CsvProfile(columns=LINE_CANCELLATION_COLUMNS)


@dataclass(frozen=True)
class Confirmation:
    """One event of one delivery as the partner reported it.

    ``timestamp`` is naive when the file gave no offset: the addon applies the partner's
    time zone. ``line`` is the file line, for messages.
    """

    reference: str
    status: str
    timestamp: datetime
    carrier: str = ""
    tracking_numbers: tuple = ()
    reason: str = ""
    line: int | None = None


@dataclass
class ConfirmationParseResult:
    """Confirmations of one file in file order; ``total`` counts good and bad records."""

    confirmations: list = field(default_factory=list)  # of Confirmation
    errors: list = field(default_factory=list)  # of PayloadError
    total: int = 0
    partner_code: str = ""
    document_id: str = ""


# Outbound ---------------------------------------------------------------------------------


def check_delivery(delivery):
    """Raise the ``PayloadError`` the writers would raise for this delivery, if any."""
    _delivery_values(delivery)


def deliveries_to_xml(header, deliveries):
    """A ``delivery_orders`` document in UTF-8; ``ValueError`` if there is no delivery."""
    root = etree.Element(f"{_D}delivery_orders", nsmap={None: DELIVERY_NAMESPACE}, version="1.0")
    root.append(_header_element(header))
    seen = {}
    sub = etree.SubElement
    for position, delivery in enumerate(deliveries):
        values = _delivery_values(delivery)
        _check_unique(values["reference"], seen, position)
        attributes = {"reference": values["reference"], "order_ref": values["order_ref"]}
        for name in ("campaign", "service"):
            if values[name]:
                attributes[name] = values[name]
        attributes["weight_kg"] = values["weight_kg"]
        element = sub(root, f"{_D}delivery", attributes)
        recipient = sub(element, f"{_D}recipient")
        for name in _RECIPIENT_FIELDS:
            if values[name]:
                sub(recipient, f"{_D}{name}").text = values[name]
        if values["packstation_number"]:
            sub(
                element,
                f"{_D}packstation",
                number=values["packstation_number"],
                post_number=values["post_number"],
            )
        if values["note"]:
            sub(element, f"{_D}note").text = values["note"]
        lines = sub(element, f"{_D}lines")
        for line in values["lines"]:
            line_attributes = {
                "position": line["position"],
                "product": line["product"],
                "quantity": line["quantity"],
            }
            if line["size"]:
                line_attributes["size"] = line["size"]
            if line["line_weight_kg"]:
                line_attributes["weight_kg"] = line["line_weight_kg"]
            line_element = sub(lines, f"{_D}line", line_attributes)
            if line["description"]:
                sub(line_element, f"{_D}description").text = line["description"]
    if not seen:
        raise ValueError("a delivery_orders document needs at least one delivery")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def cancellations_to_xml(header, cancellations):
    """A ``delivery_cancellations`` document; ``ValueError`` if there is nothing to cancel."""
    root = etree.Element(
        f"{_D}delivery_cancellations", nsmap={None: DELIVERY_NAMESPACE}, version="1.0"
    )
    root.append(_header_element(header))
    seen = {}
    for position, cancellation in enumerate(cancellations):
        values = _cancellation_values(cancellation)
        _check_unique(values["reference"], seen, position)
        attributes = {"reference": values["reference"]}
        if values["order_ref"]:
            attributes["order_ref"] = values["order_ref"]
        element = etree.SubElement(root, f"{_D}cancellation", attributes)
        if values["reason"]:
            etree.SubElement(element, f"{_D}reason").text = values["reason"]
        for line in values["lines"]:
            line_attributes = {"position": line["position"], "product": line["product"]}
            line_attributes["quantity"] = line["quantity"]
            if line["size"]:
                line_attributes["size"] = line["size"]
            etree.SubElement(element, f"{_D}line", line_attributes)
    if not seen:
        raise ValueError("a delivery_cancellations document needs at least one cancellation")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def deliveries_to_csv(header, deliveries, profile=None):
    """Delivery orders as CSV, one row per line; columns and format from ``profile``."""
    profile = profile or CsvProfile()
    _check_columns(profile, DELIVERY_COLUMNS)
    document = {"document_id": _header_code(header.document_id, "document_id")}
    rows = []
    seen = {}
    for position, delivery in enumerate(deliveries):
        values = _delivery_values(delivery)
        _check_unique(values["reference"], seen, position)
        delivery_values = {
            **document,
            **values,
            "weight_kg": _decimal(values["weight_kg"], profile),
            # Partners' CSV importers often read line by line: the note keeps to one line.
            "note": " ".join(values["note"].split()),
        }
        for line in values["lines"]:
            row_values = {
                **delivery_values,
                **line,
                "line_weight_kg": _decimal(line["line_weight_kg"], profile),
            }
            rows.append((values["reference"], [row_values[c] for c in profile.columns]))
    return _write_csv(profile, rows)


def cancellations_to_csv(header, cancellations, profile=None):
    """Cancellations as CSV, one row each (one per line of a line cancellation), for
    partners that take no XML. Line cancellations need a profile with the line columns
    (``LINE_CANCELLATION_CSV`` by default): a line is never dropped silently."""
    with_lines = any(c.lines for c in cancellations)
    profile = profile or (LINE_CANCELLATION_CSV if with_lines else CANCELLATION_CSV)
    _check_columns(profile, LINE_CANCELLATION_COLUMNS)
    if with_lines and not {"product", "quantity"} <= set(profile.columns):
        raise ValueError("line cancellations need the CSV columns product and quantity")
    document_id = _header_code(header.document_id, "document_id")
    rows = []
    seen = {}
    empty_line = dict.fromkeys(("position", "product", "size", "quantity"), "")
    for position, cancellation in enumerate(cancellations):
        values = {**_cancellation_values(cancellation), "document_id": document_id}
        _check_unique(values["reference"], seen, position)
        for line in values.pop("lines") or [empty_line]:
            row = {**values, **{k: line[k] for k in empty_line}}
            rows.append((values["reference"], [row[c] for c in profile.columns]))
    return _write_csv(profile, rows)


def _header_element(header):
    created = header.created
    if not isinstance(created, datetime) or created.utcoffset() is None:
        raise ValueError("the document's created time must be a time-zone aware datetime")
    created = created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    attributes = {
        "document_id": _header_code(header.document_id, "document_id"),
        "created": created,
    }
    run = _header_code(header.run, "run", required=False)
    if run:
        attributes["run"] = run
    element = etree.Element(f"{_D}header", attributes)
    for tag, party in (("sender", header.sender), ("partner", header.partner)):
        party_element = etree.SubElement(
            element, f"{_D}{tag}", code=_header_code(party.code, f"{tag}.code")
        )
        name = " ".join(str(party.name or "").split())
        if len(name) > _TEXT_MAX or _FORBIDDEN.search(name):
            raise ValueError(f"{tag}.name must be one line of up to {_TEXT_MAX} characters")
        if name:
            etree.SubElement(party_element, f"{_D}name").text = name
    return element


def _delivery_values(delivery):
    """Every value of a delivery as the documents write it, checked against the XSD."""
    ref = _code(delivery.reference, "reference", None, required=True)
    values = {
        "reference": ref,
        "order_ref": _code(delivery.order_ref, "order_ref", ref, required=True),
        "campaign": _code(delivery.campaign_code, "campaign", ref),
        "service": _code(delivery.service, "service", ref),
        "weight_kg": _weight(delivery.weight_kg, "weight_kg", ref, required=True),
        "note": _note(delivery.note, ref),
    }
    recipient = delivery.recipient
    for name in _RECIPIENT_FIELDS:
        values[name] = _text(getattr(recipient, name, ""), f"recipient.{name}", ref)
    values["country"] = values["country"].upper()
    values["name"] = " ".join(v for v in (values["firstname"], values["lastname"]) if v)
    if not values["lastname"] and not values["company"]:
        raise _error(ref, "recipient.lastname", "the recipient needs a last name or company")
    if not values["city"]:
        raise _error(ref, "recipient.city", "the recipient's city is missing")
    if not _COUNTRY.fullmatch(values["country"]):
        raise _error(
            ref, "recipient.country", "the recipient's country must be a two-letter ISO code"
        )
    station = delivery.packstation
    values["packstation_number"] = values["post_number"] = ""
    if station is not None:
        for name, value in (("number", station.number), ("post_number", station.post_number)):
            value = str(value or "").strip()
            if not _DIGITS.fullmatch(value):
                raise _error(
                    ref, f"packstation.{name}", f"the Packstation {name} must be 1 to 16 digits"
                )
        values["packstation_number"] = str(station.number).strip()
        values["post_number"] = str(station.post_number).strip()
    lines = list(delivery.lines)
    if not 0 < len(lines) <= _LINES_MAX:
        raise _error(ref, "lines", f"a delivery needs 1 to {_LINES_MAX} lines")
    values["lines"] = [_line_values(line, index, ref) for index, line in enumerate(lines)]
    return values


def _line_values(line, index, ref):
    where = f"lines[{index}]"
    quantity = line.quantity
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise _error(ref, f"{where}.quantity", "the quantity must be a whole number")
    if not 0 < quantity <= _QUANTITY_MAX:
        raise _error(ref, f"{where}.quantity", f"the quantity must be 1 to {_QUANTITY_MAX}")
    return {
        "position": str(index + 1),
        "product": _code(line.product_code, f"{where}.product", ref, required=True),
        "quantity": str(quantity),
        "size": _code(line.size, f"{where}.size", ref),
        "description": _text(line.description, f"{where}.description", ref),
        "line_weight_kg": _weight(line.weight_kg, f"{where}.weight_kg", ref),
    }


def _cancellation_values(cancellation):
    ref = _code(cancellation.reference, "reference", None, required=True)
    return {
        "reference": ref,
        "order_ref": _code(cancellation.order_ref, "order_ref", ref),
        "reason": _text(cancellation.reason, "reason", ref),
        "lines": [_line_values(line, i, ref) for i, line in enumerate(cancellation.lines or ())],
    }


def _error(ref, field_name, text, code="delivery_invalid"):
    label = f"Delivery {ref}" if ref else "A delivery"
    return PayloadError(f"{label}: {text}.", code=code, record=ref, field=field_name)


def _clean(value, field_name, ref, limit, single_line=True):
    value = "" if value is None else str(value)
    value = " ".join(value.split()) if single_line else value.strip()
    if _FORBIDDEN.search(value):
        raise _error(ref, field_name, f"{field_name} contains a control character")
    if len(value) > limit:
        raise _error(ref, field_name, f"{field_name} is longer than {limit} characters")
    return value


def _code(value, field_name, ref, required=False):
    value = _clean(value, field_name, ref, _CODE_MAX)
    if required and not value:
        raise _error(ref, field_name, f"{field_name} is missing")
    return value


def _header_code(value, field_name, required=True):
    """Header values come from configuration, not from orders: a bad one is a bug."""
    value = " ".join(str(value or "").split())
    if (required and not value) or len(value) > _CODE_MAX or _FORBIDDEN.search(value):
        raise ValueError(f"{field_name} {value!r} must be a code of 1 to {_CODE_MAX} characters")
    return value


def _text(value, field_name, ref):
    return _clean(value, field_name, ref, _TEXT_MAX)


def _note(value, ref):
    value = _clean(value, "note", ref, _NOTE_MAX, single_line=False)
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _weight(value, field_name, ref, required=False):
    if value is None or value == "":
        if required:
            raise _error(ref, field_name, f"{field_name} is missing")
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not 0 <= number <= _WEIGHT_MAX:  # also refuses NaN
        raise _error(ref, field_name, f"{field_name} must be 0 to {_WEIGHT_MAX} kg")
    return f"{number:.3f}"


def _decimal(text, profile):
    return text.replace(".", ",") if profile.decimal_comma else text


def _check_unique(ref, seen, position):
    if ref in seen:
        raise PayloadError(
            f"Delivery {ref}: the reference appears twice in the document "
            f"(positions {seen[ref]} and {position}).",
            code="delivery_duplicate",
            record=ref,
            field="reference",
        )
    seen[ref] = position


def _check_columns(profile, allowed):
    unknown = [c for c in profile.columns if c not in allowed]
    if unknown or not profile.columns:
        raise ValueError(f"CSV profile columns {unknown or '(none)'}: allowed are {allowed}")
    if len(profile.delimiter) != 1:
        raise ValueError("a CSV delimiter is one character")
    codecs.lookup(profile.encoding)  # LookupError for an unknown encoding


def _write_csv(profile, rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=profile.delimiter, lineterminator="\r\n")
    encoder = codecs.getincrementalencoder(profile.encoding)()
    chunks = []
    if profile.header:
        writer.writerow([profile.label(c) for c in profile.columns])
        chunks.append(encoder.encode(buffer.getvalue()))
    for ref, row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        try:
            chunks.append(encoder.encode(buffer.getvalue()))
        except UnicodeEncodeError:
            raise _unencodable(ref, profile, row) from None
    chunks.append(encoder.encode("", final=True))
    return b"".join(chunks)


def _unencodable(ref, profile, row):
    for name, value in zip(profile.columns, row, strict=True):
        try:
            value.encode(profile.encoding)
        except UnicodeEncodeError:
            return _error(
                ref, name, f"{name} cannot be written in {profile.encoding}", "delivery_encoding"
            )
    return _error(ref, None, f"the row cannot be written in {profile.encoding}")


# Inbound ----------------------------------------------------------------------------------


def parse_confirmations_xml(data, *, max_bytes=MAX_BYTES):
    """Read a confirmations file; ``InputError`` if the file as a whole is unusable."""
    data = checked_bytes(data, max_bytes, "parse_confirmations_xml")
    root = parse_untrusted(data)
    if root.tag != f"{_C}confirmations":
        raise InputError(
            f"The file is not a confirmations file: its root element is {root.tag}, "
            f"expected <confirmations> in namespace {CONFIRMATION_NAMESPACE}.",
            code="input_wrong_root",
            line=root.sourceline,
        )
    schema = _schema(CONFIRMATION_SCHEMA_PATH)
    valid = schema.validate(root)
    first_error = None if valid else schema.error_log[0]
    if not valid:
        frame = etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap)
        if not schema.validate(frame):
            entry = schema.error_log[0]
            raise InputError(
                f"The file does not match the confirmation 1.0 schema: {_plain(entry.message)}",
                code="input_schema",
                line=root.sourceline,
            )
    records = list(root)
    result = ConfirmationParseResult(
        total=len(records),
        partner_code=" ".join((root.get("partner") or "").split()),
        document_id=" ".join((root.get("document_id") or "").split()),
    )
    seen = {}
    for position, element in enumerate(records):
        try:
            confirmation = _xml_confirmation(element, position)
            if not valid and not schema.validate(element):
                entry = schema.error_log[0]
                raise _record_error(
                    element.get("reference"),
                    position,
                    "confirmation_schema",
                    f"it does not match the schema: {_plain(entry.message)}",
                    entry.line,
                    _schema_field(entry.message),
                )
            _check_duplicate(confirmation, position, seen)
        except PayloadError as exc:
            exc.line = exc.line or element.sourceline
            result.errors.append(exc)
        else:
            result.confirmations.append(confirmation)
    if not valid and not result.errors:
        # Text between the confirmations, or anything else outside of them.
        raise InputError(
            f"The file does not match the confirmation 1.0 schema: {_plain(first_error.message)}",
            code="input_schema",
            line=first_error.line,
        )
    return result


def parse_confirmations_csv(data, profile=None, *, max_bytes=MAX_BYTES):
    """Read confirmations from CSV; ``InputError`` if the file as a whole is unusable."""
    profile = profile or CONFIRMATION_CSV
    _check_columns(profile, CONFIRMATION_COLUMNS)
    data = checked_bytes(data, max_bytes, "parse_confirmations_csv")
    text = decode_text(data, profile.encoding).text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=profile.delimiter, strict=True)
    result = ConfirmationParseResult()
    status_map = {str(k).casefold(): v for k, v in profile.status_map.items()}
    seen = {}
    columns = None if profile.header else {name: i for i, name in enumerate(profile.columns)}
    end = 0
    try:
        for row in reader:
            line, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = _header_columns(row, profile, line)
                continue
            position = result.total
            result.total += 1
            values = {name: row[i] if i < len(row) else "" for name, i in columns.items()}
            try:
                confirmation = _confirmation(values, position, line, profile, status_map)
                _check_duplicate(confirmation, position, seen)
            except PayloadError as exc:
                result.errors.append(exc)
            else:
                result.confirmations.append(confirmation)
    except csv.Error as exc:
        raise InputError(
            f"The file is not readable as CSV: {exc}.",
            code="input_malformed",
            line=end + 1,  # where the row that cannot be read starts
        ) from None
    if columns is None:
        raise InputError("The file has no header line.", code="input_empty", line=1)
    return result


def confirmation_format(file_name, default="xml"):
    """``"csv"`` or ``"xml"``: the file's extension decides, else the partner's format."""
    name = str(file_name or "").lower()
    if name.endswith((".csv", ".xml")):
        return name[-3:]
    return "csv" if default == "csv" else "xml"


def as_utc(timestamp, zone_name):
    """Naive UTC for storing; a naive ``timestamp`` is read in ``zone_name`` (the
    partner's time zone), because confirmations without an offset are local time."""
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=ZoneInfo(zone_name or "UTC"))
    return timestamp.astimezone(timezone.utc).replace(tzinfo=None)


def _header_columns(row, profile, line):
    wanted = {_key(profile.label(name)): name for name in profile.columns}
    columns = {}
    for index, cell in enumerate(row):
        name = wanted.get(_key(cell))
        if name is None:
            continue
        if name in columns:
            raise InputError(
                f"The header names column {profile.label(name)!r} twice.",
                code="input_header",
                field=name,
                line=line,
            )
        columns[name] = index
    missing = [
        profile.label(n)
        for n in _REQUIRED_CONFIRMATION_COLUMNS
        if n in profile.columns and n not in columns
    ]
    if missing:
        raise InputError(
            f"The header lacks the column(s) {', '.join(missing)}.",
            code="input_header",
            field=missing[0],
            line=line,
        )
    return columns


def _key(name):
    return "".join(str(name).split()).casefold().lstrip("\ufeff")


def _xml_confirmation(element, position):
    if element.tag != f"{_C}confirmation":
        raise _record_error(
            None,
            position,
            "confirmation_schema",
            f"<{etree.QName(element).localname}> is not a confirmation",
            element.sourceline,
        )
    values = {name: element.get(name) or "" for name in ("reference", "status", "timestamp")}
    values["carrier"] = element.get("carrier") or ""
    values["tracking_numbers"] = [
        child.text or "" for child in element if child.tag == f"{_C}tracking_number"
    ]
    values["reason"] = next(
        (child.text or "" for child in element if child.tag == f"{_C}reason"), ""
    )
    return _confirmation(values, position, element.sourceline)


def _confirmation(values, position, line, profile=None, status_map=None):
    """A checked ``Confirmation`` from raw values, or the record's ``PayloadError``."""
    ref = " ".join(values.get("reference", "").split())
    if not ref:
        raise _record_error(
            None,
            position,
            "confirmation_missing_reference",
            "the reference is missing",
            line,
            "reference",
        )
    if len(ref) > _CODE_MAX or _FORBIDDEN.search(ref):
        raise _record_error(
            ref,
            position,
            "confirmation_schema",
            "the reference is not a valid code",
            line,
            "reference",
        )
    raw_status = " ".join(values.get("status", "").split())
    status = (status_map or {}).get(raw_status.casefold(), raw_status.casefold())
    if status not in STATUSES:
        raise _record_error(
            ref,
            position,
            "confirmation_unknown_status",
            f"the status {raw_status!r} is unknown; expected one of {', '.join(STATUSES)}",
            line,
            "status",
            status=raw_status,
        )
    timestamp = _timestamp(values.get("timestamp", ""), profile)
    if timestamp is None:
        raise _record_error(
            ref,
            position,
            "confirmation_timestamp",
            f"the timestamp {values.get('timestamp', '')!r} is not a date and time "
            "such as 2026-10-02T14:03:00+02:00",
            line,
            "timestamp",
        )
    carrier = " ".join(values.get("carrier", "").split())
    tracking = values.get("tracking_numbers", ())
    if isinstance(tracking, str):
        tracking = _TRACKING_SEPARATORS.split(tracking)
    tracking = tuple(dict.fromkeys(t.strip() for t in tracking if t.strip()))
    bad = [t for t in tracking if not _TRACKING.fullmatch(t)]
    if bad:
        raise _record_error(
            ref,
            position,
            "confirmation_tracking",
            f"the tracking number {bad[0][:80]!r} is not valid",
            line,
            "tracking_numbers",
        )
    if status == SHIPPED and not tracking:
        raise _record_error(
            ref,
            position,
            "confirmation_missing_tracking",
            "a shipped confirmation needs at least one tracking number",
            line,
            "tracking_numbers",
        )
    if status == SHIPPED and not carrier:
        raise _record_error(
            ref,
            position,
            "confirmation_missing_carrier",
            "a shipped confirmation needs the carrier",
            line,
            "carrier",
        )
    if len(carrier) > _CODE_MAX or _FORBIDDEN.search(carrier):
        raise _record_error(
            ref, position, "confirmation_schema", "the carrier is not a valid code", line, "carrier"
        )
    reason = " ".join(values.get("reason", "").split())[:_TEXT_MAX]
    return Confirmation(
        reference=ref,
        status=status,
        timestamp=timestamp,
        carrier=carrier,
        tracking_numbers=tracking,
        reason=_FORBIDDEN.sub("", reason),
        line=line,
    )


def _timestamp(value, profile):
    value = " ".join(str(value or "").split())
    if profile is not None and profile.timestamp_format:
        try:
            return datetime.strptime(value, profile.timestamp_format)
        except ValueError:
            return None
    match = _ISO_TIMESTAMP.fullmatch(value)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    tz = None
    if offset == "Z":
        tz = timezone.utc
    elif offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if delta >= timedelta(hours=24):
            return None
        tz = timezone(sign * delta)
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError:
        return None


def _check_duplicate(confirmation, position, seen):
    key = (confirmation.reference, confirmation.status)
    if key in seen:
        raise _record_error(
            confirmation.reference,
            position,
            "confirmation_duplicate",
            f"status {confirmation.status} is confirmed twice in this file "
            f"(first on line {seen[key]})",
            confirmation.line,
            "status",
            first_line=seen[key],
        )
    seen[key] = confirmation.line


def _record_error(ref, position, code, text, line, field=None, **params):
    label = f"Confirmation for delivery {ref}" if ref else f"Confirmation #{position + 1}"
    return PayloadError(
        f"{label}: {text}.",
        code=code,
        record=ref or f"#{position}",
        field=field,
        line=line,
        position=position,
        **params,
    )


def _schema_field(message):
    """The attribute or child element a libxml2 message is about, if any."""
    match = _SCHEMA_SUBJECT.match(message)
    if not match:
        return None
    element = re.sub(r"\{[^}]*\}", "", match.group(1))
    return match.group(2) or (None if element == "confirmation" else element)


def _schema(path):
    """One schema object per thread: lxml keeps the last validation's errors on it."""
    cache = getattr(_thread, "schemas", None)
    if cache is None:
        cache = _thread.schemas = {}
    schema = cache.get(path)
    if schema is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        schema = cache[path] = etree.XMLSchema(etree.parse(str(path), parser))
    return schema


def _plain(message):
    return re.sub(r"\{[^}]*\}", "", message).strip()
