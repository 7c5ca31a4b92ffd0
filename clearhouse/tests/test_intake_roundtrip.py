"""Writers and parsers agree: what is written reads back as the same payloads."""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clearhouse.errors import PayloadError
from clearhouse.intake.csv import orders_to_csv, parse_orders_csv
from clearhouse.intake.generator import generate_orders
from clearhouse.intake.payload import parse_order_dict, payload_to_dict
from clearhouse.intake.xml import orders_to_xml, parse_orders_xml

# Letters of every script plus the whitespace and symbols that files mangle most.
CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    list(" \t\n\r\xa0\u2028\x85ßäöüÄ€\"';,<>&]]>")
)


def text(max_size=20):
    return st.text(CHARS, max_size=max_size)


LINES = st.lists(
    st.fixed_dictionaries(
        {"sku": text(10).filter(str.strip)},
        optional={
            "size": text(4),
            "quantity": st.integers(1, 999) | st.sampled_from(["7", " 12 "]),
        },
    ),
    min_size=1,
    max_size=4,
)
CUSTOMERS = st.fixed_dictionaries(
    {"lastname": text().filter(str.strip), "country": st.sampled_from(["DE", "at", " Ch "])},
    optional={
        name: text()
        for name in ("firstname", "company", "phone", "street", "street2", "zip", "city", "state")
    }
    | {"email": st.emails()},
)
ORDERS = st.fixed_dictionaries(
    {"external_ref": text(12).filter(str.strip), "customer": CUSTOMERS, "lines": LINES},
    optional={
        "participant_number": text(12),
        "declared_points": st.integers(0, 2**31 - 1),
        "order_date": st.sampled_from(
            ["", "2026-10-01", "2026-10-01T12:00:00", "2026-10-01 08:15+01:00"]
        ),
        "note": text(200),
    },
)


def unique_by_ref(orders):
    """Keep the first order of each normalised reference; drop orders that do not parse."""
    kept, payloads, refs = [], [], set()
    for order in orders:
        try:
            payload = parse_order_dict(order)
        except PayloadError:
            continue
        if payload.external_ref not in refs:
            refs.add(payload.external_ref)
            kept.append(order)
            payloads.append(payload)
    return kept, payloads


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ORDERS, min_size=1, max_size=4))
def test_xml_and_csv_round_trip_arbitrary_orders(orders):
    orders, payloads = unique_by_ref(orders)
    assume(orders)
    assert parse_orders_xml(orders_to_xml("HERBST26", orders)).orders == payloads
    assert parse_orders_csv(orders_to_csv(orders)).orders == payloads
    assert (
        parse_orders_csv(orders_to_csv(orders, delimiter=",", encoding="utf-8-sig")).orders
        == payloads
    )
    assert [parse_order_dict(payload_to_dict(payload)) for payload in payloads] == payloads


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 30))
def test_xml_and_csv_round_trip_generated_orders(seed, n):
    orders = generate_orders(n, seed=seed, invalid_ratio=0.5)
    payloads = [parse_order_dict(order) for order in orders]
    assert parse_orders_xml(orders_to_xml("HERBST26", orders)).orders == payloads
    assert parse_orders_csv(orders_to_csv(orders, encoding="cp1252")).orders == payloads
    assert parse_orders_csv(orders_to_csv(payloads)).orders == payloads, "payloads are written too"


@pytest.mark.parametrize("fmt", ["xml", "csv"])
def test_file_written_from_parsed_file_is_identical(fmt):
    orders = generate_orders(40, seed=9)
    if fmt == "xml":
        first = orders_to_xml("HERBST26", orders)
        again = orders_to_xml("HERBST26", parse_orders_xml(first).orders)
    else:
        first = orders_to_csv(orders)
        again = orders_to_csv(parse_orders_csv(first).orders)
    assert again == first
