"""Promotion order files in the ``urn:clearhouse:promo-orders:1.0`` XML format.

The files come from outside, so they are treated as hostile: a document type declaration
is refused before lxml sees the file (that is where entity bombs, external entities and
external DTDs live), the parser never resolves entities, loads DTDs or uses the network,
and the size is checked first. What cannot be read at all is an ``InputError``; a schema
or content error inside one ``<order>`` only costs that order (a ``PayloadError`` whose
``params["position"]`` is the order's 0-based position), the others are kept.
"""

import bisect
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from clearhouse.errors import InputError, PayloadError
from clearhouse.intake.limits import checked_bytes
from clearhouse.intake.payload import (
    CUSTOMER_FIELDS,
    LINE_FIELDS,
    order_label,
    parse_order_dict,
    payload_to_dict,
)
from clearhouse.types import OrderPayload
from clearhouse.xmlsafe import parse_xml as _parse
from clearhouse.xmlsafe import reject_doctype as _reject_doctype

NAMESPACE = "urn:clearhouse:promo-orders:1.0"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "promo_orders-1.0.xsd"
MAX_BYTES = 50 * 1024 * 1024

_ORDERS = f"{{{NAMESPACE}}}orders"
_ORDER = f"{{{NAMESPACE}}}order"
_ORDER_FIELDS = ("participant_number", "declared_points", "order_date", "note")

# What libxml2's schema messages call our types, in words a sender understands.
_TYPE_WORDS = {
    "codeType": "a code of 1 to 64 characters",
    "optionalCodeType": "a code of up to 64 characters",
    "textType": "a text of up to 256 characters",
    "noteType": "a text of up to 2000 characters",
    "countryType": "a two-letter country code such as DE",
    "sizeType": "a size of up to 16 characters",
    "quantityType": "a whole number from 1 to 999",
    "pointsType": "a whole number from 0 to 2147483647",
    "dateType": "an ISO 8601 date such as 2026-10-01 or 2026-10-01T12:00:00",
}
_ELEMENT_PREFIX = re.compile(r"^Element '[^']*'(?:, attribute '([^']*)')?: ")
_EXPECTED = re.compile(r"Expected is(?: one of)? \( ([^)]*) \)")
_NAMESPACED = re.compile(r"\{[^}]*\}")
_ATOMIC_TYPE = re.compile(r"of the atomic type '(?:\{[^}]*\})?([^']*)'")
_BATCH = 100  # orders validated together, see _validate()
_REQUIRED_CHILDREN = {"order": ("customer", "lines"), "customer": ("country",), "lines": ("line",)}
_LINE_FIELD = re.compile(r"lines\[(\d+)\]")
_PATH_STEP = re.compile(r"(\*|[^\[\]/]+)(?:\[([0-9]+)\])?")

_thread = threading.local()


@dataclass
class XmlParseResult:
    """Orders of one file; ``positions[i]`` is the 0-based position of ``orders[i]``.

    Positions let a caller that stopped after order N resume with the orders after it;
    ``total`` counts all ``<order>`` elements, good and bad.
    """

    campaign_code: str
    orders: list = field(default_factory=list)  # of OrderPayload
    positions: list = field(default_factory=list)  # of int
    errors: list = field(default_factory=list)  # of PayloadError
    total: int = 0


def parse_orders_xml(data, *, max_bytes=MAX_BYTES):
    """Read a promo-orders file; ``InputError`` if the file as a whole is unusable."""
    data = checked_bytes(data, max_bytes, "parse_orders_xml")
    _reject_doctype(data)
    root = _parse(data)
    if root.tag != _ORDERS:
        raise InputError(
            f"The file is not a promotion order file: its root element is {root.tag}, "
            f"expected <orders> in namespace {NAMESPACE}.",
            code="input_wrong_root",
            field="orders",
            line=root.sourceline,
        )

    order_elements = [child for child in root if child.tag == _ORDER]
    result = XmlParseResult(
        campaign_code=" ".join((root.get("campaign") or "").split()),
        total=len(order_elements),
    )
    schema_errors = _validate(root, order_elements)
    first_lines = {}
    for position, element in enumerate(order_elements):
        error = schema_errors.get(position)
        ref = " ".join((element.get("external_ref") or "").split())
        if error is None and ref in first_lines:
            # The schema's unique constraint only sees the orders validated together.
            error = _duplicate_error(ref, element, first_lines[ref])
        if ref:
            first_lines.setdefault(ref, element.sourceline)
        if error is None:
            try:
                payload = parse_order_dict(_order_dict(element), position)
            except PayloadError as exc:
                exc.line = _field_line(element, exc.field)
                error = exc
            else:
                result.orders.append(payload)
                result.positions.append(position)
                continue
        error.params["position"] = position
        result.errors.append(error)
    return result


def orders_to_xml(campaign_code, orders):
    """Write orders (canonical dicts or payloads) as a promo-orders 1.0 file in UTF-8.

    Every order goes through ``parse_order_dict`` first, so a file written here always
    reads back to the same payloads; a bad order raises its ``PayloadError``.
    """
    code = " ".join(str(campaign_code or "").split())
    if not code or len(code) > 64:
        raise ValueError(f"campaign code {campaign_code!r} must have 1 to 64 characters")
    root = etree.Element(_ORDERS, nsmap={None: NAMESPACE}, campaign=code)
    seen = set()
    for position, order in enumerate(orders):
        if isinstance(order, OrderPayload):
            order = payload_to_dict(order)
        payload = parse_order_dict(order, position)
        if payload.external_ref in seen:
            raise PayloadError(
                f"Order {payload.external_ref}: external_ref appears more than once in the "
                "orders to write.",
                record=payload.external_ref,
                field="external_ref",
                position=position,
            )
        seen.add(payload.external_ref)
        element = etree.SubElement(root, _ORDER, external_ref=payload.external_ref)
        for name in _ORDER_FIELDS:
            value = getattr(payload, name)
            if value not in ("", None):
                _sub(element, name).text = str(value)
        customer = _sub(element, "customer")
        for name in CUSTOMER_FIELDS:
            value = getattr(payload.customer, name)
            if value:
                _sub(customer, name).text = value
        lines = _sub(element, "lines")
        for line in payload.lines:
            attributes = {"sku": line.sku}
            if line.size:
                attributes["size"] = line.size
            attributes["quantity"] = str(line.quantity)
            _sub(lines, "line", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent, name, attributes=None):
    return etree.SubElement(parent, f"{{{NAMESPACE}}}{name}", attributes)


def _schema():
    """The XSD, one per thread: lxml keeps the last validation's errors on the object."""
    schema = getattr(_thread, "schema", None)
    if schema is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        schema = _thread.schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser))
    return schema


def _validate(root, order_elements):
    """Schema errors by order position; ``InputError`` for an error outside the orders.

    The orders are moved into documents of ``_BATCH`` orders each and validated there:
    libxml2 spends time proportional to an element's position among its siblings on
    every error it reports, which made a large file full of bad orders quadratic.
    """
    schema = _schema()
    batches = []
    for start in range(0, len(order_elements), _BATCH):
        batch = etree.Element(_ORDERS, nsmap={None: NAMESPACE}, campaign="BATCH")
        batch.extend(order_elements[start : start + _BATCH])
        batches.append((start, batch))
    # What is left is the file's frame: the root, its attributes, anything but orders.
    if not schema.validate(root.getroottree()):
        entry = schema.error_log[0]
        raise InputError(
            f"The file does not match the promo-orders 1.0 schema: {_clean(entry.message)}",
            code="input_schema",
            line=entry.line,
        )
    errors = {}
    for start, batch in batches:
        if not schema.validate(batch.getroottree()):
            elements = order_elements[start : start + _BATCH]
            errors.update(_map_schema_errors(batch, elements, start, schema.error_log))
    return errors


def _map_schema_errors(batch, order_elements, offset, error_log):
    """First schema error of each order by position; ``InputError`` if one is outside."""
    positions = {id(element): offset + index for index, element in enumerate(order_elements)}
    starts = [element.sourceline or 0 for element in order_elements]
    errors = {}
    for entry in error_log:
        node = _node_at(batch, getattr(entry, "path", None))  # older lxml: no path
        order = node
        while order is not None and id(order) not in positions:
            order = order.getparent()
        if order is None and node is None and entry.line:
            # No usable path: take the last order starting on or before the error's line.
            index = bisect.bisect_right(starts, entry.line) - 1
            order = node = order_elements[index] if index >= 0 else None
        if order is None:
            raise InputError(
                f"The file does not match the promo-orders 1.0 schema: {_clean(entry.message)}",
                code="input_schema",
                line=entry.line,
            )
        position = positions[id(order)]
        if position not in errors:
            errors[position] = _schema_error(order, node, entry, position)
    return errors


def _node_at(root, path):
    """The element at a libxml2 node path such as ``/*/*[3]/po:customer``, or None.

    Not XPath: the path carries the sender's namespace prefixes, which XPath would need
    declared. ``*[n]`` (libxml2's name for an element in a default namespace) counts all
    element siblings, ``name[n]`` the same-named ones.
    """
    steps = path.split("/")[1:] if path and path.startswith("/") else []
    node = None
    for step in steps:
        match = _PATH_STEP.fullmatch(step)
        if not match:
            return None
        name, index = match.group(1), int(match.group(2) or 1)
        candidates = [root] if node is None else [c for c in node if isinstance(c.tag, str)]
        if name != "*":
            local = name.rpartition(":")[2]
            candidates = [c for c in candidates if etree.QName(c).localname == local]
        if not 0 < index <= len(candidates):
            return None
        node = candidates[index - 1]
    return node


def _schema_error(order, node, entry, position):
    ref = " ".join((order.get("external_ref") or "").split())[:64]
    label = order_label(ref, position)
    path = _field_path(order, node)
    message = entry.message
    match = _ELEMENT_PREFIX.match(message)
    attribute = match.group(1) if match else None
    detail = _clean(message[match.end() :] if match else message)
    expected = _EXPECTED.search(message)
    expected_names = (
        [_NAMESPACED.sub("", name.strip()) for name in expected.group(1).split(",")]
        if expected
        else []
    )
    if attribute:
        field_name = _join(path, attribute)
    else:
        field_name = path

    if "Duplicate key-sequence" in message:
        field_name = "external_ref"
        text = f"external_ref {ref!r} appears more than once in this file."
    elif "This element is not expected" in message and _LINE_FIELD.fullmatch(path):
        field_name = "lines"
        text = "lines may contain at most 200 lines."
    elif "This element is not expected" in message:
        hint = f" (expected here: {', '.join(expected_names)})" if expected_names else ""
        text = f"element {field_name} is not allowed here{hint}."
    elif "Missing child element" in message:
        # With xs:all libxml2 lists every allowed child; name the required one instead.
        local = etree.QName(node).localname if node is not None else ""
        present = {etree.QName(child).localname for child in node} if node is not None else set()
        missing = [n for n in _REQUIRED_CHILDREN.get(local, ()) if n not in present]
        if local == "lines":
            text = "lines must contain at least one line."
        elif missing or len(expected_names) == 1:
            field_name = _join(path, missing[0] if missing else expected_names[0])
            text = f"the required element {field_name} is missing."
        else:
            text = f"{field_name} lacks a required element: one of {', '.join(expected_names)}."
    elif "is required but missing" in message:
        missing = re.search(r"The attribute '([^']*)'", message)
        field_name = _join(path, missing.group(1) if missing else "")
        text = f"the required attribute {field_name} is missing."
    elif "is not allowed" in message and attribute:
        text = f"attribute {field_name} is not allowed."
    else:
        atomic = _ATOMIC_TYPE.search(message)
        if atomic and atomic.group(1) in _TYPE_WORDS:
            detail = f"it must be {_TYPE_WORDS[atomic.group(1)]}"
        text = f"{field_name} has an invalid value: {detail.rstrip('.')}."
    return PayloadError(
        f"Order {label}: {text}",
        record=ref or f"#{position}",
        field=field_name or "order",
        line=entry.line,
    )


def _field_path(order, node):
    """``customer.zip`` or ``lines[2]`` for a node inside an order; "" for the order."""
    parts = []
    while node is not None and node is not order:
        name = etree.QName(node).localname
        parent = node.getparent()
        if name == "line" and parent is not None and etree.QName(parent).localname == "lines":
            parts.append(f"lines[{list(parent).index(node)}]")
            node = parent.getparent()
            continue
        parts.append(name)
        node = parent
    return ".".join(reversed(parts))


def _join(path, name):
    return f"{path}.{name}" if path and name else path or name


def _clean(message):
    return _NAMESPACED.sub("", message).strip()


def _field_line(order, field_name):
    """File line of the element behind a field, for errors found after validation."""
    if not field_name:
        return order.sourceline
    match = _LINE_FIELD.match(field_name)
    if match:
        for child in order:
            if etree.QName(child).localname == "lines":
                index = int(match.group(1))
                return child[index].sourceline if index < len(child) else child.sourceline
        return order.sourceline
    element = order
    for part in field_name.split("."):
        child = next((c for c in element if etree.QName(c).localname == part), None)
        if child is None:
            break
        element = child
    return element.sourceline


def _order_dict(element):
    data = {"external_ref": element.get("external_ref")}
    for child in element:
        name = etree.QName(child).localname
        if name == "customer":
            data[name] = {etree.QName(c).localname: c.text or "" for c in child}
        elif name == "lines":
            data[name] = [
                {key: value for key, value in line.attrib.items() if key in LINE_FIELDS}
                for line in child
            ]
        else:
            data[name] = child.text or ""
    return data


def _duplicate_error(ref, element, first_line):
    return PayloadError(
        f"Order {ref}: external_ref appears more than once in this file "
        f"(first on line {first_line}).",
        record=ref,
        field="external_ref",
        line=element.sourceline,
    )
