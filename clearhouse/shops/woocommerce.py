"""WooCommerce over its REST API v3 (``/wp-json/wc/v3``), the reference shop adapter.

Needs WooCommerce 5.8 or newer (``modified_after``, ``dates_are_gmt``) and a REST key
with read/write permission (WooCommerce > Settings > Advanced > REST API). The key
travels as HTTP Basic auth, which WooCommerce accepts over HTTPS only.

``ShopConfig.options``:

- ``payment_methods``: ``{method id: category}`` merged over ``DEFAULT_PAYMENT_METHODS``
- ``status``: the order status to pull (default ``processing``: paid or cash on delivery)
- ``overlap_seconds``: how far before the cursor to read again (default 300), for orders
  saved in the same second as the cursor and clock differences between shop servers
- ``max_pages``: pages per ``fetch_new_orders`` call (default 20); the rest comes next
  call, since pages are read oldest change first
- ``note_to_customer``: whether the shipment note is mailed to the customer (default True)
- ``shipment_tracking_meta``: write ``_wc_shipment_tracking_items`` (default True), the
  meta data of the Shipment Tracking extension, so its e-mails and "My account" show
  the parcels
"""

import datetime
import hashlib
import re
from collections.abc import Mapping

from requests.auth import HTTPBasicAuth

from clearhouse.errors import PayloadError
from clearhouse.intake.payload import normalize_email, parse_order_dict, payload_to_dict

from .contract import (
    COD,
    INSTOCK,
    INVOICE,
    OUTOFSTOCK,
    PAID,
    PREPAYMENT,
    UNKNOWN,
    PaymentInfo,
    ShopAdapter,
    ShopError,
    ShopLine,
    ShopOrder,
    StockPushResult,
)

API = "wp-json/wc/v3"
MAX_PER_PAGE = 100  # WooCommerce refuses larger pages
MAX_BATCH = 100  # default of the woocommerce_rest_batch_items_limit filter
TRACKING_META_KEY = "_wc_shipment_tracking_items"

DEFAULT_PAYMENT_METHODS = {
    "bacs": PREPAYMENT,  # direct bank transfer
    "cheque": PREPAYMENT,
    "paypal": PAID,  # PayPal Standard
    "ppcp-gateway": PAID,  # PayPal Payments
    "ppec_paypal": PAID,  # PayPal Checkout (older)
    "stripe": PAID,
    "stripe_sepa": PAID,
    "woocommerce_payments": PAID,
    "invoice": INVOICE,  # Germanized "Kauf auf Rechnung"
    "german_market_purchase_on_account": INVOICE,
    "cod": COD,
}
_STOCK_STATUSES = (INSTOCK, OUTOFSTOCK, "onbackorder")
_GMT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
_ADDRESS_FIELDS = {
    "firstname": "first_name",
    "lastname": "last_name",
    "company": "company",
    "street": "address_1",
    "street2": "address_2",
    "zip": "postcode",
    "city": "city",
    "state": "state",
    "country": "country",
}
_MAX_SHOWN = 80


def _shown(value):
    value = " ".join(str(value).split())
    return value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"


class _MappingError(PayloadError):
    """A WooCommerce order that cannot become a canonical order."""


def _fail(field, message):
    raise _MappingError(message, field=field)


def _object(raw, key):
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        _fail(key, f"{key} must be an object, not {type(value).__name__}")
    return value


def _id(value):
    """WooCommerce ids are positive integers; JSON may carry them as digit strings."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int) and value > 0:
        return str(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return str(int(value)) if int(value) > 0 else ""
    return ""


def _text(value):
    """Strings as they are (``parse_order_dict`` checks them); empty for null."""
    return "" if value is None else value


def _gmt(value):
    """``YYYY-MM-DDTHH:MM:SS`` of a ``*_gmt`` field, or "" when absent or odd."""
    if isinstance(value, str) and _GMT.fullmatch(value.strip()):
        return value.strip()
    return ""


def _has_address(address):
    return any(address.get(key) for key in ("address_1", "postcode", "city", "last_name"))


def order_to_canonical(raw):
    """The canonical intake dict of a WooCommerce order (see ``parse_order_dict``).

    The delivery address is ``shipping`` unless it is empty (virtual goods, older
    checkouts), then ``billing``; e-mail and, where shipping has none, the phone number
    come from ``billing``. Variation SKUs identify sizes, so ``size`` stays empty.
    Raises ``PayloadError`` naming the field when the order has an impossible shape.
    """
    if not isinstance(raw, Mapping):
        _fail("", f"an order must be an object, not {type(raw).__name__}")
    billing, shipping = _object(raw, "billing"), _object(raw, "shipping")
    address = shipping if _has_address(shipping) else billing
    customer = {ours: _text(address.get(theirs)) for ours, theirs in _ADDRESS_FIELDS.items()}
    email = billing.get("email")
    customer["email"] = normalize_email(email) if isinstance(email, str) else _text(email)
    customer["phone"] = _text(shipping.get("phone") or billing.get("phone"))
    created = _gmt(raw.get("date_created_gmt"))
    return {
        "external_ref": _external_ref(raw),
        "order_date": created + "Z" if created else "",
        "note": _text(raw.get("customer_note")),
        "customer": customer,
        "lines": [{"sku": line.sku, "quantity": line.quantity} for line in order_lines(raw)],
    }


def _external_ref(raw):
    number = raw.get("number")
    if isinstance(number, (str, int)) and not isinstance(number, bool) and str(number).strip():
        return str(number).strip()
    return _id(raw.get("id"))


def order_lines(raw):
    """``ShopLine``s of the order's ``line_items``; fees, shipping and coupons are not goods."""
    items = raw.get("line_items")
    if not isinstance(items, list):
        _fail("lines", f"line_items must be a list, not {type(items).__name__}")
    lines = []
    for index, item in enumerate(items):
        field = f"lines[{index}]"
        if not isinstance(item, Mapping):
            _fail(field, f"line {index + 1} must be an object, not {type(item).__name__}")
        sku, quantity, name = item.get("sku"), item.get("quantity"), item.get("name")
        if not isinstance(sku, str) or not sku.strip():
            product = _shown(item.get("product_id"))
            _fail(
                f"{field}.sku",
                f"line {index + 1} ('{_shown(name or '')}', product {product}) has no SKU;"
                " give the product an SKU in WooCommerce",
            )
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            _fail(f"{field}.quantity", f"line {index + 1}: quantity must be a whole number")
        lines.append(
            ShopLine(
                sku=sku,
                quantity=quantity,
                product_ref=_id(item.get("product_id")),
                variation_ref=_id(item.get("variation_id")),
                name=_shown(name) if isinstance(name, str) else "",
            )
        )
    return tuple(lines)


def payment_from_order(raw, methods=None):
    """How the order is paid. Online methods without ``date_paid`` are not trusted
    (a gateway that reported nothing): they become ``unknown`` and go to clearing."""
    table = {**DEFAULT_PAYMENT_METHODS, **(methods or {})}
    method = raw.get("payment_method")
    method = method.strip() if isinstance(method, str) else ""
    title = raw.get("payment_method_title")
    date_paid = _gmt(raw.get("date_paid_gmt"))
    transaction = raw.get("transaction_id")
    category = table.get(method, UNKNOWN)
    if category == PAID and not date_paid:
        category = UNKNOWN
    return PaymentInfo(
        method=_shown(method),
        category=category,
        title=_shown(title) if isinstance(title, str) else "",
        paid=category in (PAID, PREPAYMENT) and bool(date_paid),
        date_paid=date_paid + "Z" if date_paid else "",
        transaction_id=_shown(transaction) if isinstance(transaction, str) else "",
    )


def map_order(raw, methods=None):
    """A ``ShopOrder`` for any JSON value; a bad order gets ``error``, never raises."""
    if not isinstance(raw, Mapping):
        return ShopOrder(external_id="", error=f"not an order object: {type(raw).__name__}")
    external_id = _id(raw.get("id"))
    base = {
        "external_id": external_id,
        "external_ref": _shown(_external_ref(raw)),
        "modified": _gmt(raw.get("date_modified_gmt")),
        "status": _shown(raw.get("status") or ""),
    }
    if not external_id:
        return ShopOrder(**base, error="the order has no valid id", error_field="id")
    try:
        payload = parse_order_dict(order_to_canonical(raw))
        lines = order_lines(raw)
    except PayloadError as exc:
        return ShopOrder(**base, error=_shown_error(exc), error_field=exc.field or "")
    shipping_lines = raw.get("shipping_lines")
    first = shipping_lines[0] if isinstance(shipping_lines, list) and shipping_lines else {}
    method_id = first.get("method_id") if isinstance(first, Mapping) else ""
    return ShopOrder(
        **base,
        order=payload_to_dict(payload),
        payload=payload,
        payment=payment_from_order(raw, methods),
        lines=lines,
        currency=_shown(raw.get("currency") or ""),
        total=_shown(raw.get("total") or ""),
        shipping_method=_shown(method_id) if isinstance(method_id, str) else "",
    )


def _shown_error(exc):
    message = str(exc.message)
    return message if len(message) <= 500 else message[:499] + "…"


def tracking_items(carrier, tracking_numbers, tracking_urls, shipped_at):
    """The Shipment Tracking extension's item list: one per parcel, custom provider
    (its own provider list has slugs we would have to keep in sync)."""
    if shipped_at.tzinfo is None:  # Odoo's naive datetimes are UTC, not local time
        shipped_at = shipped_at.replace(tzinfo=datetime.timezone.utc)
    stamp = str(int(shipped_at.timestamp()))
    urls = list(tracking_urls or ())
    items = []
    for index, number in enumerate(tracking_numbers or ()):
        digest = hashlib.md5(f"{number}{carrier}".encode(), usedforsecurity=False).hexdigest()
        items.append(
            {
                "tracking_provider": "",
                "custom_tracking_provider": carrier,
                "custom_tracking_link": urls[index] if index < len(urls) else "",
                "tracking_number": number,
                "date_shipped": stamp,
                "tracking_id": digest,
            }
        )
    return items


def shipment_note(carrier, tracking_numbers, tracking_urls):
    """The default English order note; the addon passes a translated one instead."""
    urls = list(tracking_urls or ())
    parcels = [
        f"{number} ({urls[index]})" if index < len(urls) and urls[index] else str(number)
        for index, number in enumerate(tracking_numbers or ())
    ]
    text = f"Your order has been shipped with {carrier}."
    return f"{text} Tracking: {', '.join(parcels)}" if parcels else text


def stock_item(level):
    return {
        "id": int(level.product_ref),
        "stock_quantity": max(int(level.quantity), 0),
        "stock_status": level.stock_status,
    }


def _chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


class WooCommerceAdapter(ShopAdapter):
    code = "woocommerce"
    label = "WooCommerce"

    def __init__(self, config, session=None):
        if not config.base_url.lower().startswith("https://"):
            raise ShopError(
                "WooCommerce accepts REST keys over HTTPS only; use an https:// shop URL",
                code="config",
                retryable=False,
            )
        super().__init__(config, session)
        self.options = dict(config.options or {})

    def _auth(self):
        return HTTPBasicAuth(self.config.key, self.config.secret)

    # -------------------------------------------------------------- orders
    def _modified_after(self, cursor):
        try:
            moment = datetime.datetime.fromisoformat(cursor.rstrip("Z"))
        except (AttributeError, ValueError) as exc:
            raise ShopError(
                f"invalid order cursor {cursor!r}", code="config", retryable=False
            ) from exc
        moment -= datetime.timedelta(seconds=int(self.options.get("overlap_seconds", 300)))
        return moment.replace(tzinfo=None, microsecond=0).isoformat()

    def fetch_new_orders(self, since_cursor=None):
        """Orders in ``status`` changed after the cursor, oldest change first.

        The cursor is the newest ``date_modified_gmt`` seen. An order that changes while
        the pages are read can move past a page boundary and be missed for this window:
        a periodic full read (cursor None) catches it.
        """
        per_page = max(1, min(int(self.config.page_size), MAX_PER_PAGE))
        params = {
            "status": self.options.get("status", "processing"),
            "orderby": "modified",
            "order": "asc",
            "dates_are_gmt": "true",
            "per_page": per_page,
        }
        if since_cursor:
            params["modified_after"] = self._modified_after(since_cursor)
        methods = self.options.get("payment_methods")
        max_pages = max(1, int(self.options.get("max_pages", 20)))
        orders, newest = [], since_cursor or ""
        for page in range(1, max_pages + 1):
            data, headers = self._request("GET", f"{API}/orders", params={**params, "page": page})
            if not isinstance(data, list):
                raise ShopError(
                    f"GET {API}/orders: expected a list of orders, got {type(data).__name__}",
                    code="invalid_response",
                    retryable=False,
                )
            for raw in data:
                order = map_order(raw, methods)
                orders.append(order)
                newest = max(newest, order.modified)
            total_pages = headers.get("X-WP-TotalPages", "")
            last = page >= int(total_pages) if total_pages.isdigit() else len(data) < per_page
            if last or not data:
                break
        return orders, newest or None

    # -------------------------------------------------------------- shipments
    def confirm_shipment(
        self, order_ref, carrier, tracking_numbers, tracking_urls, *, shipped_at=None, note=None
    ):
        """Complete the order, store the parcels for Shipment Tracking, add a note.

        Completing first: it is what matters and is safe to repeat (no second e-mail
        for an order that is already completed); a failed note is retried with it.
        """
        order_id = _id(order_ref)
        if not order_id:
            raise ShopError(
                f"invalid WooCommerce order id {order_ref!r}", code="rejected", retryable=False
            )
        numbers = [str(n) for n in tracking_numbers or ()]
        urls = [str(u) if u else "" for u in tracking_urls or ()]
        shipped_at = shipped_at or datetime.datetime.now(datetime.timezone.utc)
        body = {"status": "completed"}
        if self.options.get("shipment_tracking_meta", True) and numbers:
            body["meta_data"] = [
                {
                    "key": TRACKING_META_KEY,
                    "value": tracking_items(carrier, numbers, urls, shipped_at),
                }
            ]
        self._request("PUT", f"{API}/orders/{order_id}", json_body=body)
        self._request(
            "POST",
            f"{API}/orders/{order_id}/notes",
            json_body={
                "note": note or shipment_note(carrier, numbers, urls),
                "customer_note": bool(self.options.get("note_to_customer", True)),
            },
        )

    # -------------------------------------------------------------- stock
    def push_stock(self, levels):
        """Products through ``products/batch``, variations through their parent's
        ``variations/batch``, at most ``MAX_BATCH`` per call; the last level of a product
        wins when one comes twice."""
        latest, errors = {}, []
        for level in levels:
            if not _id(level.product_ref) or (level.parent_ref and not _id(level.parent_ref)):
                errors.append((level.product_ref, "not a WooCommerce product id"))
            elif level.stock_status not in _STOCK_STATUSES:
                errors.append((level.product_ref, f"unknown stock status {level.stock_status!r}"))
            else:
                latest[(_id(level.parent_ref), _id(level.product_ref))] = level
        groups = {}
        for (parent, _ref), level in latest.items():
            groups.setdefault(parent, []).append(level)
        pushed = []
        for parent in sorted(groups):
            path = (
                f"{API}/products/{parent}/variations/batch" if parent else f"{API}/products/batch"
            )
            for chunk in _chunks(groups[parent], MAX_BATCH):
                items = [stock_item(level) for level in chunk]
                if self.options.get("manage_stock"):
                    items = [{**item, "manage_stock": True} for item in items]
                data, _headers = self._request("POST", path, json_body={"update": items})
                ok, refused = _batch_result(data, chunk)
                pushed.extend(ok)
                errors.extend(refused)
        return StockPushResult(pushed=tuple(pushed), errors=tuple(errors))


def _batch_result(data, chunk):
    """Accepted refs and ``(ref, message)`` for refused ones, from a batch answer.

    WooCommerce answers each item with the product, or ``{"id", "error": {...}}``.
    """
    refs = [level.product_ref for level in chunk]
    answers = data.get("update") if isinstance(data, Mapping) else None
    if not isinstance(answers, list):
        return [], [(ref, "the shop did not confirm the update") for ref in refs]
    refused = {}
    confirmed = set()
    for answer in answers:
        if not isinstance(answer, Mapping):
            continue
        ref = _id(answer.get("id"))
        error = answer.get("error")
        if isinstance(error, Mapping):
            refused[ref] = _shown(error.get("message") or error.get("code") or "refused")
        elif ref:
            confirmed.add(ref)
    ok, errors = [], []
    for ref in refs:
        if _id(ref) in confirmed:
            ok.append(ref)
        else:
            errors.append((ref, refused.get(_id(ref), "the shop did not confirm the update")))
    return ok, errors
