"""The canonical order dict: what every intake channel accepts, and how it is normalised."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhouse.errors import PayloadError
from clearhouse.intake.payload import (
    CUSTOMER_FIELDS,
    LINE_FIELDS,
    ORDER_FIELDS,
    normalize_email,
    parse_order_dict,
    payload_to_dict,
)
from clearhouse.types import Customer, OrderLine, OrderPayload

ORDER = {
    "external_ref": "WEB-100001",
    "participant_number": "P-000123",
    "declared_points": 1200,
    "order_date": "2026-10-01T12:00:00",
    "note": "Bitte klingeln",
    "customer": {
        "firstname": "Jürgen",
        "lastname": "Weiß",
        "company": "",
        "email": "juergen.weiss@example.com",
        "phone": "+49 30 44021187",
        "street": "Invalidenstraße 12",
        "street2": "",
        "zip": "10115",
        "city": "Berlin",
        "state": "",
        "country": "DE",
    },
    "lines": [{"sku": "PR-TSHIRT", "size": "L", "quantity": 1}, {"sku": "PR-MUG"}],
}


def order(**changes):
    """ORDER with changes; ``customer__zip`` changes a customer field, None removes."""
    data = copy.deepcopy(ORDER)
    for key, value in changes.items():
        target, name = (data["customer"], key[10:]) if key.startswith("customer__") else (data, key)
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    return data


def test_parse_order_dict_builds_payload():
    payload = parse_order_dict(ORDER)
    assert payload == OrderPayload(
        external_ref="WEB-100001",
        participant_number="P-000123",
        declared_points=1200,
        order_date="2026-10-01T12:00:00",
        note="Bitte klingeln",
        customer=Customer(
            firstname="Jürgen",
            lastname="Weiß",
            email="juergen.weiss@example.com",
            phone="+49 30 44021187",
            street="Invalidenstraße 12",
            zip="10115",
            city="Berlin",
            country="DE",
        ),
        lines=(OrderLine("PR-TSHIRT", 1, "L"), OrderLine("PR-MUG", 1, "")),
    )


def test_parse_order_dict_minimal_order():
    payload = parse_order_dict(
        {
            "external_ref": "A",
            "customer": {"company": "ACME", "country": "at"},
            "lines": [{"sku": "X"}],
        }
    )
    assert payload.declared_points is None, "absent points stay unknown, not 0"
    assert payload.customer.country == "AT"
    assert payload.lines == (OrderLine("X", 1, ""),), "a line without quantity orders one piece"


@pytest.mark.parametrize(
    "changes, attribute, expected",
    [
        ({"external_ref": "  WEB-1 "}, "external_ref", "WEB-1"),
        ({"customer__country": " ch "}, "customer.country", "CH"),
        (
            {"customer__email": "  Max.Muster@Example.COM "},
            "customer.email",
            "max.muster@example.com",
        ),
        ({"customer__street": " Haupt-\nstraße   5 "}, "customer.street", "Haupt- straße 5"),
        ({"customer__firstname": "Anna\u00a0Lena"}, "customer.firstname", "Anna Lena"),
        ({"note": "  Zeile 1\r\nZeile 2\rZeile 3\n "}, "note", "Zeile 1\nZeile 2\nZeile 3"),
        ({"declared_points": " 1200 "}, "declared_points", 1200),
        ({"declared_points": ""}, "declared_points", None),
        ({"declared_points": 0}, "declared_points", 0),
        ({"order_date": "2026-10-01"}, "order_date", "2026-10-01"),
        ({"order_date": "2026-10-01 12:00"}, "order_date", "2026-10-01 12:00"),
        (
            {"order_date": "2026-10-01T12:00:00.123+02:00"},
            "order_date",
            "2026-10-01T12:00:00.123+02:00",
        ),
        ({"order_date": "2026-10-01T12:00:00Z"}, "order_date", "2026-10-01T12:00:00Z"),
        (
            {"lines": [{"sku": "PR-TSHIRT", "size": " xl ", "quantity": "3"}]},
            "lines",
            (OrderLine("PR-TSHIRT", 3, "XL"),),
        ),
        (
            {"lines": ({"sku": "PR-MUG", "quantity": 999},)},
            "lines",
            (OrderLine("PR-MUG", 999, ""),),
        ),
        ({"participant_number": None, "note": None}, "note", ""),
        (
            {"customer__lastname": "", "customer__company": "Bäckerei Krüger GmbH"},
            "customer.company",
            "Bäckerei Krüger GmbH",
        ),
    ],
)
def test_parse_order_dict_normalises(changes, attribute, expected):
    payload = parse_order_dict(order(**changes))
    value = payload
    for part in attribute.split("."):
        value = getattr(value, part)
    assert value == expected


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"external_ref": None}, "external_ref"),
        ({"external_ref": "   "}, "external_ref"),
        ({"external_ref": "X" * 65}, "external_ref"),
        ({"external_ref": 100001}, "external_ref"),
        ({"participant_number": ["P-1"]}, "participant_number"),
        ({"participant_number": "P" * 65}, "participant_number"),
        ({"declared_points": -1}, "declared_points"),
        ({"declared_points": True}, "declared_points"),
        ({"declared_points": 12.5}, "declared_points"),
        ({"declared_points": "1.200"}, "declared_points"),
        ({"declared_points": "9" * 5000}, "declared_points"),
        ({"declared_points": 2**31}, "declared_points"),
        ({"order_date": "01.10.2026"}, "order_date"),
        ({"order_date": "2026-02-30"}, "order_date"),
        ({"order_date": "2026-10-01T25:00"}, "order_date"),
        ({"note": "x" * 2001}, "note"),
        ({"note": "bell\x07"}, "note"),
        ({"customer": None}, "customer"),
        ({"customer": "Jürgen Weiß"}, "customer"),
        ({"customer__country": None}, "customer.country"),
        ({"customer__country": "Deutschland"}, "customer.country"),
        ({"customer__country": "ß"}, "customer.country"),
        ({"customer__lastname": None}, "customer.lastname"),
        ({"customer__email": "juergen.weiss"}, "customer.email"),
        ({"customer__email": "a b@example.com"}, "customer.email"),
        ({"customer__zip": 10115}, "customer.zip"),
        ({"customer__city": "B" * 257}, "customer.city"),
        ({"customer__phone": "030\x00123"}, "customer.phone"),
        ({"customer__street": "\ud800"}, "customer.street"),
        ({"customer__colour": "red"}, "customer.colour"),
        ({"colour": "red"}, "colour"),
        ({"lines": None}, "lines"),
        ({"lines": []}, "lines"),
        ({"lines": {"sku": "PR-MUG"}}, "lines"),
        ({"lines": [{"sku": "PR-MUG"}] * 201}, "lines"),
        ({"lines": ["PR-MUG"]}, "lines[0]"),
        ({"lines": [{"sku": "PR-MUG"}, {"size": "L"}]}, "lines[1].sku"),
        ({"lines": [{"sku": "PR-MUG", "quantity": 0}]}, "lines[0].quantity"),
        ({"lines": [{"sku": "PR-MUG", "quantity": 1000}]}, "lines[0].quantity"),
        ({"lines": [{"sku": "PR-MUG", "quantity": True}]}, "lines[0].quantity"),
        ({"lines": [{"sku": "PR-MUG", "quantity": "2x"}]}, "lines[0].quantity"),
        ({"lines": [{"sku": "PR-MUG", "quantity": 1.0}]}, "lines[0].quantity"),
        ({"lines": [{"sku": "PR-TSHIRT", "size": "L" * 17}]}, "lines[0].size"),
        ({"lines": [{"sku": "PR-MUG", "colour": "red"}]}, "lines[0].colour"),
    ],
)
def test_parse_order_dict_rejects(changes, field):
    with pytest.raises(PayloadError) as info:
        parse_order_dict(order(**changes), position=4)
    error = info.value
    assert error.field == field, f"the error should name {field}: {error}"
    assert field.split(".")[-1].split("[")[0] in error.message, "the message names the field"
    expected_record = "#4" if field == "external_ref" else "WEB-100001"
    assert error.record == expected_record, "the error names the order"
    assert f"Order {expected_record}" in error.message


def test_parse_order_dict_names_order_by_position_without_reference():
    with pytest.raises(PayloadError) as info:
        parse_order_dict(order(external_ref=""), position=7)
    assert info.value.record == "#7"
    assert info.value.message.startswith("Order #7:")


def test_parse_order_dict_rejects_non_mapping():
    with pytest.raises(PayloadError) as info:
        parse_order_dict(["WEB-1"], position=0)
    assert info.value.record == "#0"


@pytest.mark.parametrize(
    "value, expected",
    [
        (" Max.Muster@Example.COM ", "max.muster@example.com"),
        ("", ""),
        (None, ""),
        (False, ""),  # Odoo's empty field
    ],
)
def test_normalize_email(value, expected):
    assert normalize_email(value) == expected


def test_payload_to_dict_is_inverse():
    payload = parse_order_dict(ORDER)
    data = payload_to_dict(payload)
    assert set(data) == set(ORDER_FIELDS)
    assert set(data["customer"]) == set(CUSTOMER_FIELDS)
    assert all(set(line) == set(LINE_FIELDS) for line in data["lines"])
    assert parse_order_dict(data) == payload


def test_payload_to_dict_leaves_out_unknown_points():
    payload = parse_order_dict(order(declared_points=None))
    assert "declared_points" not in payload_to_dict(payload), "XML-RPC cannot marshal None"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=300)


def _fields(names, values):
    return st.dictionaries(st.sampled_from(names), values, max_size=len(names))


NEAR_ORDERS = st.fixed_dictionaries(
    {},
    optional={
        "external_ref": SCALAR,
        "participant_number": SCALAR,
        "declared_points": SCALAR | st.from_regex(r"\s*[+-]?[0-9]{1,20}\s*", fullmatch=True),
        "order_date": SCALAR | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.Z+-]{0,20})?"),
        "note": SCALAR,
        "customer": JSON | _fields(CUSTOMER_FIELDS + ("zz",), SCALAR),
        "lines": JSON | st.lists(JSON | _fields(LINE_FIELDS + ("zz",), SCALAR), max_size=3),
    },
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, NEAR_ORDERS), st.none() | st.integers(min_value=0))
def test_parse_order_dict_raises_only_payload_error(data, position):
    try:
        payload = parse_order_dict(data, position)
    except PayloadError as error:
        assert error.message and (error.record or position is None)
    else:
        assert parse_order_dict(payload_to_dict(payload)) == payload
