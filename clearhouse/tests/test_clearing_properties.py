"""Clearing works on whatever intake let through: detectors and suggestions never raise."""

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhouse.clearing import (
    HOLD_CODES,
    SUGGESTERS,
    Hold,
    HoldConfig,
    OrderSnapshot,
    PackstationLimits,
    RecentOrder,
    SnapshotLine,
    Suggestion,
    address_key,
    bucket,
    detect_holds,
    make_token,
    read_token,
    suggest_fixes,
)
from clearhouse.clearing.tokens import TokenError
from clearhouse.types import Customer

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FRAGMENTS = [
    "Packstation 123",
    "Postfach 7",
    "Hauptstraße",
    "Hauptstraße12",
    "12a",
    "Nr. 5",
    "10115 Berlin",
    "D-1067",
    "Berlin",
    "1067",
    "+49 151 23456789",
    "4915123456789",
    "0151 23456789",
    "keine",
    "-",
    "\x00",
    "\u202e",
    "Straße des 17. Juni",
]
COUNTRIES = ["DE", "AT", "CH", "NL", "FR", "GB", "US", "de", "", "XX", "ALL"]

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(FRAGMENTS),
    st.builds(lambda s, n: s * n, st.sampled_from(FRAGMENTS), st.integers(1, 3000)),
)
numbers = st.one_of(
    st.none(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.booleans(),
)
datetimes = st.one_of(
    st.none(),
    st.datetimes(),
    st.datetimes(timezones=st.just(datetime.timezone.utc)),
)
customers = st.builds(
    Customer,
    firstname=texts,
    lastname=texts,
    company=texts,
    email=texts,
    phone=texts,
    street=texts,
    street2=texts,
    zip=texts,
    city=texts,
    country=st.one_of(st.sampled_from(COUNTRIES), texts),
)
lines = st.builds(
    SnapshotLine,
    sku=texts,
    quantity=numbers,
    weight_kg=numbers,
    length_cm=numbers,
    width_cm=numbers,
    height_cm=numbers,
    size=texts,
)
recent = st.builds(
    RecentOrder,
    ref=texts,
    signature=st.text(max_size=64),
    ordered_at=datetimes,
    address_key=texts,
    email=texts,
)
snapshots = st.builds(
    OrderSnapshot,
    ref=texts,
    customer=customers,
    lines=st.lists(lines, max_size=5).map(tuple),
    note=texts,
    value=numbers,
    ordered_at=datetimes,
    shipping_product=texts,
    recent_orders=st.lists(recent, max_size=4).map(tuple),
)
configs = st.builds(
    HoldConfig,
    enabled=st.just(HOLD_CODES),
    value_threshold=st.one_of(st.none(), st.decimals(allow_nan=False), st.integers(0, 10**6)),
    duplicate_days=st.integers(0, 10**4),
    packstation_limits=st.builds(
        PackstationLimits,
        st.floats(0.1, 100),
        st.floats(1, 200),
        st.floats(1, 200),
        st.floats(1, 200),
    ),
)


@SETTINGS
@given(snapshots, configs)
def test_detect_holds_never_raises(snapshot, config):
    holds = detect_holds(snapshot, config)
    assert all(isinstance(hold, Hold) and hold.code in HOLD_CODES for hold in holds)
    assert len({hold.code for hold in holds}) == len(holds), "one hold per detector at most"
    assert all(len(hold.message) < 1000 for hold in holds), "messages stay readable"


@SETTINGS
@given(customers)
def test_address_key_is_stable(customer):
    key = address_key(customer)
    assert isinstance(key, str) and key == address_key(customer)


CODES = [*SUGGESTERS, "unknown", ""]
FIELDS = ["phone", "zip", "city", "street", "street2", "country", "lastname", ""]


@SETTINGS
@given(st.sampled_from(CODES), st.sampled_from(FIELDS), st.one_of(texts, numbers), customers)
def test_suggest_fixes_never_raises(code, field, value, customer):
    suggestions = suggest_fixes(code, field, value, customer)
    assert all(isinstance(s, Suggestion) for s in suggestions)
    for suggestion in suggestions:
        if suggestion.applicable:
            assert isinstance(suggestion.changes, dict) and suggestion.changes


@SETTINGS
@given(
    st.sampled_from(CODES),
    st.sampled_from(FIELDS),
    texts,
    st.dictionaries(st.sampled_from([*FIELDS, "phone_regions"]), st.one_of(texts, numbers)),
)
def test_suggest_fixes_takes_any_mapping_as_context(code, field, value, context):
    suggest_fixes(code, field, value, context)


@SETTINGS
@given(st.text(max_size=300))
def test_read_token_only_raises_token_error(token):
    try:
        read_token("test-secret-not-for-production-0123", token, datetime.datetime(2026, 1, 1))
    except TokenError as exc:
        assert exc.code in ("malformed", "tampered")


@SETTINGS
@given(
    st.one_of(st.integers(1, 2**62), st.text(min_size=1, max_size=40)),
    st.lists(st.sampled_from(["phone", "address", "size", "street", "zip"]), unique=True),
    st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2200, 1, 1)),
)
def test_tokens_round_trip(order_id, fields, expires):
    secret = "test-secret-not-for-production-0123"
    token = make_token(secret, order_id, fields, expires)
    data = read_token(secret, token, expires - datetime.timedelta(seconds=1), order_id)
    assert data.order_id == order_id and data.fields_allowed == tuple(sorted(fields))


@given(st.floats(allow_nan=False))
def test_bucket_total_on_numbers(hours):
    assert bucket(hours) in ("lt4h", "4_24h", "1_3d", "gt3d")


def test_value_hold_compares_money_exactly():
    config = HoldConfig(enabled=("value_above_threshold",), value_threshold=Decimal("0.3"))
    snapshot = OrderSnapshot(ref="1", customer=Customer(), value=0.1 + 0.2)
    assert detect_holds(snapshot, config) == [], "0.1 + 0.2 is 0.3 in money"
