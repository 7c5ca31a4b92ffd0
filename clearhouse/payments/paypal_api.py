"""PayPal's REST transaction search, read into ``StatementLine``s.

``PayPalClient(client_id, secret)`` gets an OAuth2 token (client credentials) and pages
through ``GET /v1/reporting/transactions`` (``fields=all``, 500 per page). Only
completed transactions (``transaction_status`` ``S``) become lines; the rest are
counted in ``ParseResult.skipped``. Every HTTP call goes through ``_request`` with an
explicit timeout; failures raise ``PayPalError`` whose ``retryable`` says whether trying
again later can help, as ``clearhouse.remote`` decides for every outside call.

PayPal allows at most 31 days per search; ``transactions`` splits longer ranges.
"""

import datetime
from decimal import Decimal, InvalidOperation

import requests

from clearhouse.errors import RemoteError
from clearhouse.payments.types import ParseResult, StatementLine
from clearhouse.remote import classify_exception, classify_status, retry_after_seconds

LIVE_URL = "https://api-m.paypal.com"
SANDBOX_URL = "https://api-m.sandbox.paypal.com"
PAGE_SIZE = 500
MAX_DAYS = 31
COMPLETED = "S"


class PayPalError(RemoteError):
    """A PayPal call failed; ``retryable`` is True when a later attempt may succeed.

    Codes: ``paypal_<kind>`` for the ``clearhouse.remote`` failure kinds, plus
    ``paypal_config`` and ``paypal_answer`` (an answer we cannot read).
    """

    code = "paypal_error"


class PayPalClient:
    """The transaction search of one PayPal REST app (client id and secret)."""

    def __init__(self, client_id, secret, sandbox=False, timeout=20):
        if not client_id or not secret:
            raise PayPalError("PayPal needs a client id and a secret.", code="paypal_config")
        self.client_id = client_id
        self.secret = secret
        self.base_url = SANDBOX_URL if sandbox else LIVE_URL
        self.timeout = timeout
        self._token = None
        self.session = requests.Session()
        self.session.trust_env = False

    def _request(self, method, path, **kwargs):
        """One HTTP exchange with the timeout; the decoded JSON answer or ``PayPalError``."""
        url = self.base_url + path
        try:
            response = self.session.request(
                method, url, timeout=self.timeout, allow_redirects=False, **kwargs
            )
        except requests.RequestException as exc:
            failure = classify_exception(exc)
            raise PayPalError(
                f"PayPal {path} failed: {failure.kind} ({type(exc).__name__}).",
                retryable=failure.retryable,
                code=f"paypal_{failure.kind}",
                path=path,
                status=0,
                detail=type(exc).__name__,
            ) from None
        if not 200 <= response.status_code < 300:
            raise _status_error(path, response)
        try:
            return response.json()
        except ValueError:
            raise PayPalError(
                f"PayPal {path} answered with something other than JSON.",
                retryable=False,
                code="paypal_not_json",
                path=path,
            ) from None

    def token(self):
        """An OAuth2 access token (client credentials), fetched once per client."""
        if not self._token:
            answer = self._request(
                "POST",
                "/v1/oauth2/token",
                auth=(self.client_id, self.secret),
                data={"grant_type": "client_credentials"},
                headers={"Accept": "application/json"},
            )
            self._token = answer.get("access_token")
            if not self._token:
                raise PayPalError("PayPal sent no access token.", code="paypal_no_token")
        return self._token

    def transactions(self, start, end):
        """Completed transactions between the datetimes ``start`` and ``end`` (UTC)."""
        result = ParseResult(format="paypal_api")
        seen = set()
        window = start
        while window < end:
            window_end = min(end, window + datetime.timedelta(days=MAX_DAYS))
            for item in self._pages(window, window_end):
                line = map_transaction(item)
                if line is None:
                    result.skipped += 1
                elif line.transaction_id in seen:
                    result.duplicates += 1
                else:
                    seen.add(line.transaction_id)
                    result.lines.append(line)
            window = window_end
        return result

    def _pages(self, start, end):
        page, total_pages = 1, 1
        while page <= total_pages:
            answer = self._request(
                "GET",
                "/v1/reporting/transactions",
                params={
                    "start_date": _timestamp(start),
                    "end_date": _timestamp(end),
                    "fields": "all",
                    "page_size": PAGE_SIZE,
                    "page": page,
                },
                headers={"Authorization": f"Bearer {self.token()}"},
            )
            yield from answer.get("transaction_details") or []
            total_pages = int(answer.get("total_pages") or 1)
            page += 1


def map_transaction(item):
    """A ``StatementLine`` of one ``transaction_details`` entry; None if not completed."""
    info = item.get("transaction_info") or {}
    payer = item.get("payer_info") or {}
    if info.get("transaction_status") != COMPLETED:
        return None
    amount = info.get("transaction_amount") or {}
    value = _decimal(amount.get("value", ""), info)
    # Signed as its effect on the balance: "-1.05" charged, "0.52" returned with a refund.
    fee = (info.get("fee_amount") or {}).get("value")
    texts = (info.get("invoice_id"), info.get("transaction_subject"), info.get("transaction_note"))
    return StatementLine(
        transaction_id=info.get("transaction_id", ""),
        date=(info.get("transaction_initiation_date") or "")[:10],
        amount=value,
        currency=(amount.get("currency_code") or "").upper(),
        remittance=" ".join(dict.fromkeys(text.strip() for text in texts if text and text.strip())),
        payer_name=(payer.get("payer_name") or {}).get("alternate_full_name", ""),
        payer_email=payer.get("email_address", ""),
        booking_text=info.get("transaction_event_code", ""),
        fee=-_decimal(fee, info) if fee else Decimal(0),
    )


def _decimal(text, info):
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise PayPalError(
            f"PayPal transaction {info.get('transaction_id')}: amount {text!r} is not a number.",
            code="paypal_amount_invalid",
            record=info.get("transaction_id"),
            value=str(text),
        )
    return value


def _timestamp(value):
    """PayPal's date-time format, e.g. ``2026-03-10T00:00:00Z``."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


def _status_error(path, response):
    failure = classify_status(response.status_code)
    retry_after = response.headers.get("Retry-After") if failure.retryable else None
    detail = _error_text(response)
    return PayPalError(
        f"PayPal {path} answered {failure.status}: {detail}",
        retryable=failure.retryable,
        status=failure.status,
        retry_after=retry_after_seconds(retry_after),
        code=f"paypal_{failure.kind}",
        path=path,
        detail=detail,
    )


def _error_text(response):
    try:
        answer = response.json()
    except ValueError:
        return response.text[:200]
    if not isinstance(answer, dict):
        return str(answer)[:200]
    return str(answer.get("message") or answer.get("error_description") or answer)[:200]
