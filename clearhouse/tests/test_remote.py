"""One classification of outside-call failures, and one retry timing, for every client."""

import datetime
import random
import socket
import ssl

import pytest
import requests
import responses
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.errors import RemoteError
from clearhouse.logistics.transports import TransportConfig, make_transport
from clearhouse.payments.paypal_api import LIVE_URL, PayPalClient
from clearhouse.remote import (
    KINDS,
    MAX_RETRY_AFTER,
    backoff,
    classify_exception,
    classify_status,
    retry_after_seconds,
)
from clearhouse.shops import ShopConfig, WooCommerceAdapter
from clearhouse.testservers import closed_port

RETRYABLE_KINDS = {"timeout", "refused", "connection", "throttled", "unavailable"}

STATUSES = [
    # status, kind, retryable
    (301, "redirect", False),
    (302, "redirect", False),
    (307, "redirect", False),
    (308, "redirect", False),
    (400, "rejected", False),
    (401, "auth", False),
    (403, "auth", False),
    (404, "not_found", False),
    (405, "rejected", False),
    (407, "auth", False),
    (408, "timeout", True),
    (409, "rejected", False),
    (410, "not_found", False),
    (413, "rejected", False),
    (422, "rejected", False),
    (425, "unavailable", True),
    (429, "throttled", True),
    (451, "rejected", False),
    (500, "unavailable", True),
    (501, "unavailable", True),
    (502, "unavailable", True),
    (503, "unavailable", True),
    (504, "unavailable", True),
    (520, "unavailable", True),  # Cloudflare's "the origin answered nonsense"
    (599, "unavailable", True),
    (0, "error", False),
    (600, "error", False),
    (999, "error", False),
]


@pytest.mark.parametrize(("status", "kind", "retryable"), STATUSES)
def test_statuses(status, kind, retryable):
    failure = classify_status(status)
    assert (failure.kind, failure.retryable, failure.status) == (kind, retryable, status)


@pytest.mark.parametrize("status", ["503", 503.0, True, None])
def test_status_must_be_a_whole_number(status):
    with pytest.raises(TypeError):
        classify_status(status)


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_every_status_has_one_kind_and_retryable_follows_it(status):
    failure = classify_status(status)
    assert failure.kind in KINDS
    assert failure.retryable == (failure.kind in RETRYABLE_KINDS)


def _response(status):
    response = requests.Response()
    response.status_code = status
    return response


def _raised(exc_type, *args, cause):
    """An exception with ``cause`` as its context, as ``requests`` builds them."""
    try:
        try:
            raise cause
        except OSError as inner:
            raise exc_type(*args) from inner
    except exc_type as outer:
        return outer


def _with_reason(exc, reason):
    """urllib3 keeps a ``reason`` on its errors; sometimes it is text, not an exception."""
    exc.reason = reason
    return exc


EXCEPTIONS = [
    # exception, kind, retryable
    (requests.exceptions.SSLError("certificate verify failed"), "tls", False),
    (ssl.SSLCertVerificationError("self-signed certificate"), "tls", False),
    (requests.exceptions.ReadTimeout("read timed out"), "timeout", True),
    (requests.exceptions.ConnectTimeout("connect timed out"), "timeout", True),
    (TimeoutError(), "timeout", True),
    (TimeoutError("timed out"), "timeout", True),
    (ConnectionRefusedError(111, "Connection refused"), "refused", True),
    (_raised(requests.ConnectionError, "x", cause=ConnectionRefusedError()), "refused", True),
    (requests.ConnectionError("connection refused"), "connection", True),  # words decide nothing
    (ConnectionResetError(104, "Connection reset by peer"), "connection", True),
    (requests.exceptions.ChunkedEncodingError("connection broken"), "connection", True),
    (socket.gaierror(-2, "Name or service not known"), "connection", True),
    (EOFError(), "connection", True),
    (OSError(101, "Network is unreachable"), "connection", True),
    (requests.TooManyRedirects("exceeded 0 redirects"), "redirect", False),
    (requests.HTTPError(response=_response(503)), "unavailable", True),
    (requests.HTTPError(response=_response(401)), "auth", False),
    (requests.exceptions.InvalidURL("bad"), "config", False),
    (requests.exceptions.MissingSchema("no scheme"), "config", False),
    (requests.exceptions.InvalidHeader("bad header"), "config", False),
    (requests.exceptions.ContentDecodingError("bad gzip"), "error", False),
    (_with_reason(requests.ConnectionError("x"), "Not Found"), "connection", True),
    (requests.RequestException("other"), "error", False),
    (FileNotFoundError(2, "No such file"), "error", False),
    (PermissionError(13, "Permission denied"), "error", False),
    (ValueError("unexpected"), "error", False),
]


@pytest.mark.parametrize(
    ("exc", "kind", "retryable"), EXCEPTIONS, ids=[repr(e[0])[:40] for e in EXCEPTIONS]
)
def test_exceptions(exc, kind, retryable):
    failure = classify_exception(exc)
    assert (failure.kind, failure.retryable) == (kind, retryable)


def test_a_real_refused_connection_is_refused():
    with pytest.raises(requests.ConnectionError) as caught:
        requests.get(f"http://127.0.0.1:{closed_port()}/", timeout=5)
    assert classify_exception(caught.value).kind == "refused"


NOW = datetime.datetime(2026, 10, 1, 12, 0, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120),
        (" 7 ", 7),
        ("0", 0),
        ("Thu, 01 Oct 2026 12:10:00 GMT", 600),
        ("Thu, 01 Oct 2026 11:00:00 GMT", 0),  # in the past: now
        ("", None),
        (None, None),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("²", None),
    ],
)
def test_retry_after(value, seconds):
    assert retry_after_seconds(value, now=NOW) == seconds


# Every client asks the same classification ----------------------------------------

BASE = "https://shop.example.com"


def _shop_error(status, headers):
    responses.get(f"{BASE}/wp-json/wc/v3/orders", status=status, headers=headers, body="x")
    adapter = WooCommerceAdapter(ShopConfig(BASE, key="ck_test", secret="cs_test"))
    return _raised_by(lambda: adapter.fetch_new_orders(None))


def _paypal_error(status, headers):
    responses.post(LIVE_URL + "/v1/oauth2/token", status=status, headers=headers, body="x")
    return _raised_by(lambda: PayPalClient("client", "secret").token())


def _https_error(status, headers):
    responses.post("https://partner.example.com/in", status=status, headers=headers, body="x")
    transport = make_transport(
        TransportConfig(protocol="https", url="https://partner.example.com/in", timeout=5)
    )
    return _raised_by(lambda: transport.send("DOC-1.xml", b"<doc/>"))


def _raised_by(call):
    with pytest.raises(RemoteError) as caught:
        call()
    return caught.value


CLIENTS = {"shop": (_shop_error, ""), "paypal": (_paypal_error, "paypal_")}
CLIENTS["https"] = (_https_error, "transport_")


@pytest.mark.parametrize("client", sorted(CLIENTS))
@pytest.mark.parametrize(("status", "kind", "retryable"), STATUSES[:25])
@responses.activate
def test_every_client_classifies_a_status_alike(client, status, kind, retryable):
    raise_error, prefix = CLIENTS[client]
    error = raise_error(status, {"Retry-After": "90", "Location": "https://elsewhere/"})
    assert (error.code, error.retryable, error.status) == (prefix + kind, retryable, status)
    assert error.retry_after == (90 if retryable else None), "Retry-After counts when waiting"


# Backoff ----------------------------------------------------------------------------


def test_backoff_without_jitter_doubles_up_to_the_cap():
    delays = [backoff(n, base=30, cap=600, jitter=0) for n in range(1, 8)]
    assert delays == [30, 60, 120, 240, 480, 600, 600]


def test_backoff_jitter_is_reproducible_with_a_seeded_rng():
    first = [backoff(n, rng=random.Random(7)) for n in range(1, 10)]
    second = [backoff(n, rng=random.Random(7)) for n in range(1, 10)]
    assert first == second
    assert len({backoff(3, rng=random.Random(seed)) for seed in range(20)}) > 1, "jitter"


@given(
    attempt=st.integers(min_value=1, max_value=10**6),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_backoff_stays_between_half_the_delay_and_the_cap(attempt, seed):
    delay = backoff(attempt, base=10, cap=3600, jitter=0.5, rng=random.Random(seed))
    uncapped = 10 * 2 ** min(attempt - 1, 20)
    assert min(uncapped, 3600) * 0.5 <= delay <= min(uncapped, 3600)


@pytest.mark.parametrize(
    ("retry_after", "delay"),
    [(None, 60), (0, 60), (10, 60), (600, 600), (10**9, MAX_RETRY_AFTER)],
)
def test_backoff_waits_at_least_what_the_other_side_asked(retry_after, delay):
    assert backoff(2, base=30, jitter=0, retry_after=retry_after) == delay


@pytest.mark.parametrize(
    ("attempt", "values"),
    [
        (0, {}),
        (-1, {}),
        (1.5, {}),
        (True, {}),
        (1, {"cap": 1, "base": 10}),
        (1, {"jitter": 2}),
        (1, {"retry_after": -1}),
        (1, {"retry_after": float("nan")}),
    ],
)
def test_backoff_refuses_nonsense(attempt, values):
    with pytest.raises(ValueError):
        backoff(attempt, **values)
