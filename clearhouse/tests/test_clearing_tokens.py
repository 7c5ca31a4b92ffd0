"""Self-service links: nobody but the holder of the secret can make or widen one."""

import base64
import datetime
import json

import pytest
from freezegun import freeze_time

from clearhouse.clearing import TokenError, make_token, read_token
from clearhouse.clearing.tokens import MAX_TOKEN_LENGTH

SECRET = "test-secret-not-for-production-0123"
OTHER_SECRET = "another-test-secret-0123456789"
NOW = datetime.datetime(2026, 10, 1, 12, 0, tzinfo=datetime.timezone.utc)
EXPIRES = NOW + datetime.timedelta(days=7)
FIELDS = ("phone", "address", "size")


def _token(order_id=42, fields=FIELDS, expires=EXPIRES, secret=SECRET):
    return make_token(secret, order_id, fields, expires)


def _code(token, secret=SECRET, now=NOW, order_id=None):
    with pytest.raises(TokenError) as info:
        read_token(secret, token, now, order_id)
    return info.value.code


def test_round_trip():
    data = read_token(SECRET, _token(), NOW)
    assert data.order_id == 42
    assert data.fields_allowed == ("address", "phone", "size")
    assert data.expires_at == EXPIRES


def test_token_is_url_safe_and_deterministic():
    token = _token()
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    assert token == _token(fields=("size", "phone", "address", "phone")), "scope is a set"


def test_naive_datetimes_are_utc_as_odoo_stores_them():
    naive = make_token(SECRET, 42, FIELDS, EXPIRES.replace(tzinfo=None))
    assert naive == _token()
    assert read_token(SECRET, naive, NOW.replace(tzinfo=None)).order_id == 42


@pytest.mark.parametrize(
    ("now", "code"),
    [
        (EXPIRES - datetime.timedelta(seconds=1), None),
        (EXPIRES, "expired"),
        (EXPIRES + datetime.timedelta(days=400), "expired"),
    ],
)
def test_expiry(now, code):
    if code is None:
        assert read_token(SECRET, _token(), now).order_id == 42
    else:
        assert _code(_token(), now=now) == code


def test_expiry_with_the_clock_frozen():
    token = _token(expires=datetime.datetime(2026, 10, 2, tzinfo=datetime.timezone.utc))
    with freeze_time("2026-10-01 23:59:59"):
        assert read_token(SECRET, token, datetime.datetime.now(datetime.timezone.utc))
    with freeze_time("2026-10-02 00:00:00"):
        assert _code(token, now=datetime.datetime.now(datetime.timezone.utc)) == "expired"


def test_flipping_any_character_is_detected():
    token = _token()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for index, char in enumerate(token):
        for replacement in (alphabet[(alphabet.find(char) + 1) % 64], "A" if char != "A" else "B"):
            forged = token[:index] + replacement + token[index + 1 :]
            if forged != token:
                assert _code(forged) in ("tampered", "malformed"), (index, forged)


def test_flipping_any_bit_of_the_bytes_is_detected():
    token = _token().encode("ascii")
    for index in range(len(token)):
        for bit in range(8):
            forged = bytearray(token)
            forged[index] ^= 1 << bit
            text = forged.decode("latin-1")
            assert _code(text) in ("tampered", "malformed"), (index, bit)


def test_widening_the_scope_or_the_expiry_is_detected():
    payload_part, signature = _token().split(".")
    payload = json.loads(base64.urlsafe_b64decode(payload_part + "=="))
    for change in ({"f": ["address", "email", "phone", "size"]}, {"e": payload["e"] + 86400}):
        forged_payload = json.dumps({**payload, **change}, separators=(",", ":")).encode()
        forged = base64.urlsafe_b64encode(forged_payload).rstrip(b"=").decode() + "." + signature
        assert _code(forged) == "tampered"


def test_wrong_secret_is_tampered():
    assert _code(_token(), secret=OTHER_SECRET) == "tampered"
    assert _code(_token(secret=OTHER_SECRET)) == "tampered"


def test_token_of_another_order():
    token = _token(order_id=42)
    assert _code(token, order_id=43) == "wrong_order"
    assert read_token(SECRET, token, NOW, order_id="42").order_id == 42, "URL ids are text"
    other = _token(order_id=43)
    assert other.split(".")[1] != token.split(".")[1]
    swapped = other.split(".")[0] + "." + token.split(".")[1]
    assert _code(swapped) == "tampered", "one order's signature does not sign another's"


@pytest.mark.parametrize(
    "token",
    [
        "",
        ".",
        "abc",
        "a.b.c",
        "ab$.cd",
        "a b.cd",
        "x" * (MAX_TOKEN_LENGTH + 1),
        None,
        42,
    ],
)
def test_malformed(token):
    assert _code(token) == "malformed"


def test_expired_check_comes_after_the_signature():
    forged = _token(expires=NOW - datetime.timedelta(days=1), secret=OTHER_SECRET)
    assert _code(forged) == "tampered", "an attacker learns nothing from the expiry"


@pytest.mark.parametrize(
    ("secret", "order_id", "fields"),
    [
        ("short", 1, FIELDS),
        (SECRET, "", FIELDS),
        (SECRET, True, FIELDS),
        (SECRET, 1.5, FIELDS),
        (SECRET, 1, ("Phone Number",)),
        (SECRET, 1, (1,)),
    ],
)
def test_make_token_refuses_bad_input(secret, order_id, fields):
    with pytest.raises(ValueError):
        make_token(secret, order_id, fields, EXPIRES)


def test_make_token_refuses_a_string_as_scope():
    with pytest.raises(TypeError):
        make_token(SECRET, 1, "phone", EXPIRES)


def test_string_order_ids_and_bytes_secrets():
    token = make_token(SECRET.encode(), "SO-0042", ("phone",), EXPIRES)
    assert read_token(SECRET, token, NOW, "SO-0042").order_id == "SO-0042"
