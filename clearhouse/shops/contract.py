"""The pull-adapter contract every shop system implements, and its value objects.

The service centre pulls: it asks the shop for new orders, tells it what shipped, and
reports scarce stock. Shops are never called from a request of a user, only from cron
jobs, so every call has an explicit timeout and every failure says whether a retry can
help (``ShopError.retryable``): the addon's job queue retries those and puts the
others in front of a person.

Contract of an adapter (``ShopAdapter``):

- ``fetch_new_orders(since_cursor)`` returns ``(orders, next_cursor)``. The cursor is an
  opaque string the addon stores per backend and hands back unchanged; None reads every
  open order (first run, or a nightly full read). The same order may come back in a
  later call (overlapping windows, changes in the shop): the addon deduplicates by
  ``ShopOrder.external_id`` (``UNIQUE(backend_id, external_id)``). An order that cannot
  be mapped comes back with ``error`` set instead of failing the batch.
- ``confirm_shipment(order_ref, carrier, tracking_numbers, tracking_urls)`` marks one
  order shipped; ``order_ref`` is ``ShopOrder.external_id``. Calling it twice is safe.
- ``push_stock(levels)`` reports absolute quantities, batched as the shop allows; a
  retry after a failure sends everything again, which is safe for absolute values.
  Items the shop refuses are returned in ``StockPushResult.errors``.
- Transport and server failures raise ``ShopError``; nothing else escapes except
  programming errors.
"""

import abc
import json
from dataclasses import dataclass, field

import requests

from clearhouse.errors import RemoteError
from clearhouse.remote import classify_exception, classify_status, retry_after_seconds
from clearhouse.types import OrderPayload

# Payment categories the order flow distinguishes; shops map their methods onto them.
PREPAYMENT = "prepayment"  # paid by bank transfer before shipping; the shop confirms it
PAID = "paid"  # paid online (PayPal, card) at checkout
INVOICE = "invoice"  # the customer pays after delivery
COD = "cod"  # cash on delivery: the carrier collects
UNKNOWN = "unknown"  # a method nobody mapped yet: the order goes to clearing
PAYMENT_CATEGORIES = (PREPAYMENT, PAID, INVOICE, COD, UNKNOWN)

INSTOCK = "instock"
OUTOFSTOCK = "outofstock"

MAX_ERROR_TEXT = 300  # shop error bodies can be whole HTML pages
_TRANSPORT_TEXTS = {
    "timeout": "the shop did not answer in time",
    "refused": "the shop refused the connection",
    "connection": "cannot connect to the shop",
    "tls": "the shop's TLS certificate or protocol was refused",
}


class ShopError(RemoteError):
    """A shop call failed; ``retryable`` says whether the same call may succeed later.

    ``status`` is the HTTP status (0 without a response); ``code`` one of the
    ``clearhouse.remote`` failure kinds (``timeout``, ``refused``, ``connection``,
    ``tls``, ``redirect``, ``auth``, ``not_found``, ``rejected``, ``throttled``,
    ``unavailable``, ``config``, ``error``) or ``invalid_response``.
    """

    code = "shop_error"


@dataclass(frozen=True)
class ShopConfig:
    """Connection settings of one shop backend; ``options`` are adapter-specific and
    documented by each adapter. ``timeout`` is (connect, read) seconds or one number."""

    base_url: str
    key: str = ""
    secret: str = ""
    timeout: float | tuple = (5.0, 30.0)
    page_size: int = 50
    options: dict = field(default_factory=dict, compare=False, hash=False)

    def __repr__(self):
        # Configurations end up in logs and tracebacks; the secret must not.
        return f"ShopConfig(base_url={self.base_url!r}, key={self.key[:6]!r}..., secret=***)"


@dataclass(frozen=True)
class PaymentInfo:
    """How an order is paid; ``category`` is one of ``PAYMENT_CATEGORIES``."""

    method: str
    category: str
    title: str = ""
    paid: bool = False
    date_paid: str = ""  # ISO 8601 UTC as the shop reported it
    transaction_id: str = ""


@dataclass(frozen=True)
class ShopLine:
    """The shop's ids of an order line, for stock and returns; ``sku`` as in the payload."""

    sku: str
    quantity: int
    product_ref: str = ""
    variation_ref: str = ""
    name: str = ""


@dataclass(frozen=True)
class ShopOrder:
    """One order as pulled from a shop.

    ``order`` is the canonical intake dict (``clearhouse.intake.payload``) and
    ``payload`` its parsed form; both are None when ``error`` says why the order could
    not be mapped. ``external_id`` is the shop's technical id (for calls back),
    ``external_ref`` the number customers see.
    """

    external_id: str
    external_ref: str = ""
    modified: str = ""  # ISO 8601 UTC, the shop's last change
    status: str = ""
    order: dict | None = field(default=None, compare=False, hash=False)
    payload: OrderPayload | None = None
    payment: PaymentInfo | None = None
    lines: tuple = ()  # of ShopLine, in the order of the payload lines
    currency: str = ""
    total: str = ""  # decimal string as the shop sends money
    shipping_method: str = ""
    error: str = ""
    error_field: str = ""

    @property
    def ok(self):
        return not self.error


@dataclass(frozen=True)
class StockLevel:
    """What to tell the shop about one product: an absolute quantity and its status.

    ``parent_ref`` is set for variations, whose stock some shops keep under the parent.
    """

    product_ref: str
    quantity: int
    stock_status: str = INSTOCK
    parent_ref: str = ""


@dataclass(frozen=True)
class StockPushResult:
    """Products the shop accepted, and ``(product_ref, message)`` for those it refused."""

    pushed: tuple = ()
    errors: tuple = ()


def _short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"


class ShopAdapter(abc.ABC):
    """Base of every shop adapter: the contract above plus the one HTTP entry point."""

    code = ""
    label = ""

    def __init__(self, config, session=None):
        self.config = config
        self.session = session or requests.Session()

    # -------------------------------------------------------------- the contract
    @abc.abstractmethod
    def fetch_new_orders(self, since_cursor):
        """``(list[ShopOrder], next_cursor)``: orders changed since the cursor."""

    @abc.abstractmethod
    def confirm_shipment(self, order_ref, carrier, tracking_numbers, tracking_urls):
        """Tell the shop that the order left, with its parcels' tracking numbers."""

    @abc.abstractmethod
    def push_stock(self, levels):
        """Report ``StockLevel``s; returns a ``StockPushResult``."""

    # -------------------------------------------------------------- transport
    def _auth(self):
        """``requests`` auth for every call; None: none. Adapters override."""
        return None  # noqa: RET501 - spelled out: adapters return their auth object

    def _url(self, path):
        return self.config.base_url.rstrip("/") + "/" + path.lstrip("/")

    def _request(self, method, path, *, params=None, json_body=None):
        """The only place that talks to the shop: ``(decoded JSON, headers)``.

        Maps every failure to ``ShopError`` as ``clearhouse.remote`` classifies it;
        unreadable bodies are not retryable either, because sending the same request
        again gives the same answer.
        """
        url = self._url(path)
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                json=json_body,
                auth=self._auth(),
                timeout=self.config.timeout,
                headers={"Accept": "application/json"},
                allow_redirects=False,  # a redirect to http:// would drop or leak the auth
            )
        except requests.RequestException as exc:
            failure = classify_exception(exc)
            raise ShopError(
                f"{method} {path}: {_TRANSPORT_TEXTS.get(failure.kind) or _short(exc)}",
                code=failure.kind,
                retryable=failure.retryable,
            ) from exc
        return self._handle(method, path, response)

    def _handle(self, method, path, response):
        status = response.status_code
        if status >= 300:
            raise self._status_error(method, path, response)
        if status == 204 or not response.content:
            return None, response.headers
        try:
            return response.json(), response.headers
        except (ValueError, json.JSONDecodeError) as exc:
            # Typically a PHP warning printed before the JSON: it stays until fixed.
            raise ShopError(
                f"{method} {path}: the shop answered with something that is not JSON: "
                f"{_short(response.text[:MAX_ERROR_TEXT])}",
                code="invalid_response",
                retryable=False,
                status=status,
            ) from exc

    def _error_message(self, response):
        try:
            body = response.json()
        except ValueError:
            return _short(response.text[:MAX_ERROR_TEXT]) or response.reason or ""
        if isinstance(body, dict) and body.get("message"):
            return _short(body["message"])
        return _short(json.dumps(body)[:MAX_ERROR_TEXT])

    def _status_error(self, method, path, response):
        failure = classify_status(response.status_code)
        detail = self._error_message(response)
        if failure.kind == "redirect":
            detail = f"redirected to {response.headers.get('Location', '?')}; fix the base URL"
        retry_after = response.headers.get("Retry-After") if failure.retryable else None
        return ShopError(
            f"{method} {path}: HTTP {failure.status}: {detail}",
            code=failure.kind,
            retryable=failure.retryable,
            status=failure.status,
            retry_after=retry_after_seconds(retry_after),
        )
