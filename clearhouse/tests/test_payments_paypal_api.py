"""PayPal transaction search against answers shaped as PayPal documents them."""

import datetime
from decimal import Decimal

import pytest
import requests
import responses
from responses import matchers

from clearhouse.payments.paypal_api import LIVE_URL, SANDBOX_URL, PayPalClient, PayPalError
from clearhouse.remote import classify_status

START = datetime.datetime(2026, 3, 10, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2026, 3, 13, tzinfo=datetime.timezone.utc)
SEARCH = "/v1/reporting/transactions"


def _detail(transaction_id, value, status="S", **info):
    return {
        "transaction_info": {
            "paypal_account_id": "6STWC2LSUYYYE",
            "transaction_id": transaction_id,
            "transaction_event_code": "T0006",
            "transaction_initiation_date": "2026-03-11T09:15:44+0000",
            "transaction_updated_date": "2026-03-11T09:15:44+0000",
            "transaction_amount": {"currency_code": "EUR", "value": value},
            "fee_amount": {"currency_code": "EUR", "value": "-1.05"},
            "transaction_status": status,
            "transaction_subject": "Bestellung SO04711",
            **info,
        },
        "payer_info": {
            "account_id": "6STWC2LSUYYYE",
            "email_address": "erika@example.com",
            "payer_name": {"alternate_full_name": "Erika Mustermann"},
        },
    }


def _page(details, page=1, total_pages=1):
    return {
        "transaction_details": details,
        "account_number": "XZXSPECYZZLX7",
        "start_date": "2026-03-10T00:00:00+0000",
        "end_date": "2026-03-13T00:00:00+0000",
        "last_refreshed_datetime": "2026-03-13T01:59:59+0000",
        "page": page,
        "total_items": len(details),
        "total_pages": total_pages,
    }


def _token(rsps, base=LIVE_URL):
    rsps.post(
        base + "/v1/oauth2/token",
        json={"access_token": "test-token", "token_type": "Bearer", "expires_in": 32400},
        match=[matchers.urlencoded_params_matcher({"grant_type": "client_credentials"})],
    )


@responses.activate
def test_transactions_pages_and_maps_completed_only():
    _token(responses)
    query = {
        "start_date": "2026-03-10T00:00:00Z",
        "end_date": "2026-03-13T00:00:00Z",
        "fields": "all",
        "page_size": "500",
    }
    first = [_detail("1AB23456CD789012E", "49.90", invoice_id="INV/2026/0042")]
    second = [_detail("9XY", "10.00", status="P"), _detail("2FG", "-5.00")]
    responses.get(
        LIVE_URL + SEARCH,
        json=_page(first, 1, 2),
        match=[
            matchers.query_param_matcher({**query, "page": "1"}),
            matchers.header_matcher({"Authorization": "Bearer test-token"}),
        ],
    )
    responses.get(
        LIVE_URL + SEARCH,
        json=_page(second, 2, 2),
        match=[matchers.query_param_matcher({**query, "page": "2"})],
    )
    result = PayPalClient("client", "secret").transactions(START, END)
    assert [line.transaction_id for line in result.lines] == ["1AB23456CD789012E", "2FG"]
    assert result.skipped == 1, "the pending transaction is left out"
    line = result.lines[0]
    assert line.amount == Decimal("49.90")
    assert line.currency == "EUR"
    assert line.date == "2026-03-11"
    assert line.remittance == "INV/2026/0042 Bestellung SO04711"
    assert line.payer_name == "Erika Mustermann"
    assert line.payer_email == "erika@example.com"
    assert line.fee == Decimal("1.05")
    assert sum(call.request.url.endswith("/token") for call in responses.calls) == 1


@responses.activate
def test_sandbox_uses_sandbox_host():
    _token(responses, SANDBOX_URL)
    responses.get(SANDBOX_URL + SEARCH, json=_page([]))
    result = PayPalClient("client", "secret", sandbox=True).transactions(START, END)
    assert result.lines == []


@pytest.mark.parametrize(
    ("status", "retryable"),
    [(401, False), (400, False), (403, False), (429, True), (500, True), (503, True)],
)
@responses.activate
def test_http_errors_map_to_retryable(status, retryable):
    _token(responses)
    responses.get(LIVE_URL + SEARCH, status=status, json={"name": "X", "message": "no"})
    with pytest.raises(PayPalError) as caught:
        PayPalClient("client", "secret").transactions(START, END)
    assert caught.value.retryable is retryable
    assert caught.value.status == status
    assert caught.value.code == f"paypal_{classify_status(status).kind}"
    assert caught.value.params == {"status": status, "path": SEARCH, "detail": "no"}, (
        "PayPal's own text travels as a detail, apart from the sentence users read"
    )


@responses.activate
def test_timeout_is_retryable():
    responses.post(LIVE_URL + "/v1/oauth2/token", body=requests.Timeout("slow"))
    with pytest.raises(PayPalError) as caught:
        PayPalClient("client", "secret", timeout=1).transactions(START, END)
    assert caught.value.retryable
    assert caught.value.code == "paypal_timeout"


@responses.activate
def test_long_range_split_into_31_day_windows():
    _token(responses)
    responses.get(LIVE_URL + SEARCH, json=_page([_detail("SAME", "1.00")]))
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    result = PayPalClient("c", "s").transactions(start, start + datetime.timedelta(days=40))
    searches = [call for call in responses.calls if SEARCH in call.request.url]
    assert len(searches) == 2
    assert len(result.lines) == 1 and result.duplicates == 1


def test_missing_credentials_refused():
    with pytest.raises(PayPalError) as caught:
        PayPalClient("", "secret")
    assert caught.value.code == "paypal_config"


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ({"body": "<html>maintenance</html>"}, "paypal_not_json"),
        ({"json": {"token_type": "Bearer"}}, "paypal_no_token"),
    ],
)
@responses.activate
def test_unusable_answers_have_codes(answer, code):
    responses.post(LIVE_URL + "/v1/oauth2/token", **answer)
    with pytest.raises(PayPalError) as caught:
        PayPalClient("client", "secret").transactions(START, END)
    assert (caught.value.code, caught.value.retryable) == (code, False)


@responses.activate
def test_unreadable_amount_names_the_transaction():
    _token(responses)
    responses.get(LIVE_URL + SEARCH, json=_page([_detail("7QR", "zwölf")]))
    with pytest.raises(PayPalError) as caught:
        PayPalClient("client", "secret").transactions(START, END)
    assert (caught.value.code, caught.value.record) == ("paypal_amount_invalid", "7QR")
    assert caught.value.params == {"value": "zwölf"}
