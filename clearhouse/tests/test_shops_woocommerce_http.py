"""The WooCommerce adapter against recorded REST answers (``responses``; no network)."""

import base64
import datetime
import json
from pathlib import Path

import pytest
import requests
import responses
from responses import matchers

from clearhouse.shops import (
    ADAPTERS,
    ShopConfig,
    ShopError,
    StockLevel,
    WooCommerceAdapter,
    get_adapter,
)
from clearhouse.shops.contract import COD, PAID, PREPAYMENT

DATA = Path(__file__).parent / "data" / "shops"
BASE = "https://shop.example.com"
ORDERS = f"{BASE}/wp-json/wc/v3/orders"
PRODUCTS_BATCH = f"{BASE}/wp-json/wc/v3/products/batch"
# Obviously fake: recorded answers never carry real keys.
CONFIG = ShopConfig(BASE, key="ck_test", secret="cs_test", timeout=(3.0, 20.0), page_size=2)


def _load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _adapter(**options):
    return WooCommerceAdapter(
        ShopConfig(
            CONFIG.base_url,
            CONFIG.key,
            CONFIG.secret,
            timeout=CONFIG.timeout,
            page_size=CONFIG.page_size,
            options=options,
        )
    )


def _pages_header(total_pages, total):
    return {"X-WP-TotalPages": str(total_pages), "X-WP-Total": str(total)}


def _order_query(page, **extra):
    query = {
        "status": "processing",
        "orderby": "modified",
        "order": "asc",
        "dates_are_gmt": "true",
        "per_page": "2",
        "page": str(page),
        **extra,
    }
    return matchers.query_param_matcher(query)


# orders ---------------------------------------------------------------------------


@responses.activate
def test_fetch_new_orders_reads_two_pages():
    for page, name in ((1, "orders_page1.json"), (2, "orders_page2.json")):
        responses.get(
            ORDERS,
            json=_load(name),
            headers=_pages_header(2, 3),
            match=[_order_query(page)],
        )
    orders, cursor = _adapter().fetch_new_orders(None)
    assert [o.external_ref for o in orders] == ["1001", "1002", "1003"]
    assert all(o.ok for o in orders), [o.error for o in orders]
    assert [o.payment.category for o in orders] == [PREPAYMENT, PAID, COD]
    assert cursor == "2026-09-29T07:03:20", "the newest date_modified_gmt"
    assert len(responses.calls) == 2


@responses.activate
def test_fetch_sends_auth_and_timeout_on_every_call():
    responses.get(ORDERS, json=[], headers=_pages_header(0, 0))
    _adapter().fetch_new_orders(None)
    (call,) = responses.calls
    expected = "Basic " + base64.b64encode(b"ck_test:cs_test").decode()
    assert call.request.headers["Authorization"] == expected
    assert call.request.req_kwargs["timeout"] == (3.0, 20.0)
    assert call.request.url.startswith("https://")


@responses.activate
def test_fetch_with_cursor_reads_again_from_before_it():
    responses.get(
        ORDERS,
        json=_load("orders_page2.json"),
        headers=_pages_header(1, 1),
        match=[_order_query(1, modified_after="2026-09-29T06:55:00")],
    )
    orders, cursor = _adapter().fetch_new_orders("2026-09-29T07:00:00")
    assert [o.external_ref for o in orders] == ["1003"]
    assert cursor == "2026-09-29T07:03:20"


@responses.activate
def test_fetch_without_new_orders_keeps_the_cursor():
    responses.get(ORDERS, json=[], headers=_pages_header(0, 0))
    assert _adapter(overlap_seconds=0).fetch_new_orders("2026-09-29T07:00:00") == (
        [],
        "2026-09-29T07:00:00",
    )


@responses.activate
def test_fetch_stops_at_max_pages_and_continues_from_the_cursor():
    responses.get(ORDERS, json=_load("orders_page1.json"), headers=_pages_header(5, 10))
    orders, cursor = _adapter(max_pages=1).fetch_new_orders(None)
    assert len(orders) == 2 and len(responses.calls) == 1
    assert cursor == "2026-09-28T10:42:03"


@responses.activate
def test_fetch_without_pages_header_stops_at_a_short_page():
    responses.get(ORDERS, json=_load("orders_page1.json"), match=[_order_query(1)])
    responses.get(ORDERS, json=_load("orders_page2.json"), match=[_order_query(2)])
    orders, _cursor = _adapter().fetch_new_orders(None)
    assert len(orders) == 3 and len(responses.calls) == 2


@responses.activate
def test_broken_orders_do_not_fail_the_batch():
    broken = _load("orders_broken.json")
    responses.get(ORDERS, json=broken, headers=_pages_header(1, len(broken)))
    orders, cursor = _adapter().fetch_new_orders(None)
    assert len(orders) == len(broken)
    assert [o.external_ref for o in orders if o.ok] == ["1010"]
    assert all(o.error for o in orders[1:])
    assert cursor == "2026-09-30T11:09:00", "broken orders move the cursor too"


@responses.activate
def test_a_page_that_is_no_list_is_an_error():
    responses.get(ORDERS, json={"orders": []})
    with pytest.raises(ShopError) as info:
        _adapter().fetch_new_orders(None)
    assert (info.value.code, info.value.retryable) == ("invalid_response", False)


def test_invalid_cursor_is_a_configuration_error():
    with pytest.raises(ShopError) as info:
        _adapter().fetch_new_orders("yesterday")
    assert (info.value.code, info.value.retryable) == ("config", False)


# errors ---------------------------------------------------------------------------

STATUS_ERRORS = [
    # status, body file, code, retryable
    (401, "error_401.json", "auth", False),
    (401, "error_401_secret.json", "auth", False),
    (403, "error_401.json", "auth", False),
    (400, "error_400.json", "rejected", False),
    (404, None, "not_found", False),
    (408, None, "timeout", True),
    (429, None, "throttled", True),
    (500, None, "unavailable", True),
    (502, None, "unavailable", True),
    (503, None, "unavailable", True),
    (504, None, "unavailable", True),
    (301, None, "redirect", False),
]


@pytest.mark.parametrize(("status", "body", "code", "retryable"), STATUS_ERRORS)
@responses.activate
def test_http_errors_map_to_retryable_or_not(status, body, code, retryable):
    kwargs = {"json": _load(body)} if body else {"body": "<html><body>Error</body></html>"}
    headers = {"Location": "http://shop.example.com/"} if status == 301 else {}
    responses.get(ORDERS, status=status, headers=headers, **kwargs)
    with pytest.raises(ShopError) as info:
        _adapter().fetch_new_orders(None)
    error = info.value
    assert (error.code, error.retryable, error.status) == (code, retryable, status)
    assert "cs_test" not in str(error), "the secret never appears in messages"


@responses.activate
def test_auth_error_names_the_shop_message():
    responses.get(ORDERS, status=401, json=_load("error_401_secret.json"))
    with pytest.raises(ShopError, match="Consumer secret is invalid"):
        _adapter().fetch_new_orders(None)


@responses.activate
def test_maintenance_page_is_retryable_and_honours_retry_after():
    page = "<!DOCTYPE html><html><body>Briefly unavailable for scheduled maintenance.</body></html>"
    responses.get(ORDERS, status=503, body=page, headers={"Retry-After": "600"})
    with pytest.raises(ShopError) as info:
        _adapter().fetch_new_orders(None)
    assert info.value.retryable and info.value.params["retry_after"] == 600
    assert "maintenance" in str(info.value)


@pytest.mark.parametrize(
    ("exception", "code"),
    [
        (requests.exceptions.ReadTimeout("read timed out"), "timeout"),
        (requests.exceptions.ConnectTimeout("connect timed out"), "timeout"),
        (requests.exceptions.ConnectionError("connection refused"), "connection"),
    ],
)
@responses.activate
def test_transport_failures_are_retryable(exception, code):
    responses.get(ORDERS, body=exception)
    with pytest.raises(ShopError) as info:
        _adapter().fetch_new_orders(None)
    assert (info.value.code, info.value.retryable, info.value.status) == (code, True, 0)


@responses.activate
def test_tls_failure_needs_a_person():
    responses.get(ORDERS, body=requests.exceptions.SSLError("certificate verify failed"))
    with pytest.raises(ShopError) as info:
        _adapter().fetch_new_orders(None)
    assert (info.value.code, info.value.retryable) == ("tls", False), "as for every client"


@responses.activate
def test_php_warning_before_json_is_not_retryable():
    body = "<br />\n<b>Deprecated</b>: Creation of dynamic property in /var/www/x.php<br />\n[]"
    responses.get(ORDERS, body=body, content_type="application/json")
    with pytest.raises(ShopError) as info:
        _adapter().fetch_new_orders(None)
    assert (info.value.code, info.value.retryable) == ("invalid_response", False)
    assert len(str(info.value)) < 500


def test_plain_http_is_refused():
    with pytest.raises(ShopError) as info:
        WooCommerceAdapter(ShopConfig("http://shop.example.com", "ck_test", "cs_test"))
    assert (info.value.code, info.value.retryable) == ("config", False)


def test_config_repr_hides_the_secret():
    assert "cs_test" not in repr(CONFIG) and "cs_test" not in str(CONFIG)


# shipment ---------------------------------------------------------------------------

SHIPPED_AT = datetime.datetime(2026, 10, 1, 12, 0, tzinfo=datetime.timezone.utc)
TRACKING = "00340434161094042557"
TRACKING_URL = (
    "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode="
    "00340434161094042557"
)


@responses.activate
def test_confirm_shipment_completes_the_order_with_tracking_and_a_note():
    update = responses.put(f"{ORDERS}/1001", json=_load("order_1001_completed.json"))
    note = responses.post(f"{ORDERS}/1001/notes", json=_load("order_note_created.json"), status=201)
    _adapter().confirm_shipment(
        "1001", "DHL", [TRACKING, "00340434161094042558"], [TRACKING_URL], shipped_at=SHIPPED_AT
    )
    assert update.call_count == 1 and note.call_count == 1
    body = json.loads(responses.calls[0].request.body)
    assert body["status"] == "completed"
    (meta,) = body["meta_data"]
    assert meta["key"] == "_wc_shipment_tracking_items"
    first, second = meta["value"]
    assert first == {
        "tracking_provider": "",
        "custom_tracking_provider": "DHL",
        "custom_tracking_link": TRACKING_URL,
        "tracking_number": TRACKING,
        "date_shipped": "1790856000",
        "tracking_id": first["tracking_id"],
    }
    assert len(first["tracking_id"]) == 32 and first["tracking_id"] != second["tracking_id"]
    assert second["custom_tracking_link"] == "", "fewer URLs than numbers"
    note_body = json.loads(responses.calls[1].request.body)
    assert note_body["customer_note"] is True
    assert TRACKING in note_body["note"] and TRACKING_URL in note_body["note"]
    assert "DHL" in note_body["note"]


@responses.activate
def test_confirm_shipment_takes_a_translated_note_and_options():
    responses.put(f"{ORDERS}/1001", json=_load("order_1001_completed.json"))
    responses.post(f"{ORDERS}/1001/notes", json=_load("order_note_created.json"), status=201)
    adapter = _adapter(note_to_customer=False, shipment_tracking_meta=False)
    adapter.confirm_shipment(1001, "DHL", [TRACKING], [], note="Ihre Bestellung ist unterwegs.")
    assert json.loads(responses.calls[0].request.body) == {"status": "completed"}
    assert json.loads(responses.calls[1].request.body) == {
        "note": "Ihre Bestellung ist unterwegs.",
        "customer_note": False,
    }


@responses.activate
def test_confirm_shipment_without_tracking_numbers():
    responses.put(f"{ORDERS}/1003", json={})
    responses.post(f"{ORDERS}/1003/notes", json={}, status=201)
    _adapter().confirm_shipment("1003", "Deutsche Post", [], [])
    assert "meta_data" not in json.loads(responses.calls[0].request.body)
    note = json.loads(responses.calls[1].request.body)["note"]
    assert note == "Your order has been shipped with Deutsche Post."


@responses.activate
def test_confirm_shipment_of_a_deleted_order_is_not_retryable():
    responses.put(
        f"{ORDERS}/4040",
        status=404,
        json={"code": "woocommerce_rest_shop_order_invalid_id", "message": "Invalid ID."},
    )
    with pytest.raises(ShopError) as info:
        _adapter().confirm_shipment("4040", "DHL", [TRACKING], [])
    assert (info.value.code, info.value.retryable) == ("not_found", False)
    assert len(responses.calls) == 1, "no note for an order that is gone"


@pytest.mark.parametrize("ref", ["", "WC-1001", "0", None, "1 OR 1"])
def test_confirm_shipment_refuses_invalid_ids(ref):
    with pytest.raises(ShopError) as info:
        _adapter().confirm_shipment(ref, "DHL", [TRACKING], [])
    assert not info.value.retryable


# stock ------------------------------------------------------------------------------


def _levels(count, parent=""):
    return [StockLevel(str(1000 + i), i % 7, "instock", parent) for i in range(count)]


@responses.activate
def test_push_stock_splits_batches_at_100():
    def echo(request):
        items = json.loads(request.body)["update"]
        return 200, {}, json.dumps({"update": [{"id": item["id"]} for item in items]})

    responses.add_callback(responses.POST, PRODUCTS_BATCH, callback=echo)
    result = _adapter().push_stock(_levels(250))
    sizes = [len(json.loads(call.request.body)["update"]) for call in responses.calls]
    assert sizes == [100, 100, 50]
    assert len(result.pushed) == 250 and result.errors == ()


@responses.activate
def test_push_stock_sends_variations_to_their_parent():
    responses.post(PRODUCTS_BATCH, json={"update": [{"id": 93}]})
    responses.post(
        f"{BASE}/wp-json/wc/v3/products/95/variations/batch",
        json={"update": [{"id": 117}, {"id": 118}]},
    )
    levels = [
        StockLevel("93", 3),
        StockLevel("117", 0, "outofstock", parent_ref="95"),
        StockLevel("118", 2, parent_ref="95"),
    ]
    result = _adapter().push_stock(levels)
    assert json.loads(responses.calls[0].request.body) == {
        "update": [{"id": 93, "stock_quantity": 3, "stock_status": "instock"}]
    }
    assert json.loads(responses.calls[1].request.body) == {
        "update": [
            {"id": 117, "stock_quantity": 0, "stock_status": "outofstock"},
            {"id": 118, "stock_quantity": 2, "stock_status": "instock"},
        ]
    }
    assert set(result.pushed) == {"93", "117", "118"}


@responses.activate
def test_push_stock_reports_refused_items():
    responses.post(PRODUCTS_BATCH, json=_load("products_batch_response.json"))
    levels = [StockLevel("93", 3), StockLevel("94", 0, "outofstock"), StockLevel("999", 1)]
    result = _adapter().push_stock(levels)
    assert result.pushed == ("93", "94")
    assert result.errors == (("999", "Invalid ID."),)


@responses.activate
def test_push_stock_refuses_bad_refs_without_asking_the_shop():
    result = _adapter().push_stock([StockLevel("MUG-LOGO", 3), StockLevel("93", 1, "sold")])
    assert result.pushed == () and len(result.errors) == 2
    assert len(responses.calls) == 0


@responses.activate
def test_push_stock_last_level_of_a_product_wins():
    responses.post(PRODUCTS_BATCH, json={"update": [{"id": 93}]})
    _adapter().push_stock([StockLevel("93", 5), StockLevel("93", 4)])
    assert json.loads(responses.calls[0].request.body)["update"] == [
        {"id": 93, "stock_quantity": 4, "stock_status": "instock"}
    ]


@responses.activate
def test_push_stock_server_error_is_retryable():
    responses.post(PRODUCTS_BATCH, status=503, body="")
    with pytest.raises(ShopError) as info:
        _adapter().push_stock(_levels(3))
    assert info.value.retryable


# registry ---------------------------------------------------------------------------


def test_registry_builds_the_adapter_by_code():
    assert ADAPTERS == {"woocommerce": WooCommerceAdapter}
    adapter = get_adapter("woocommerce", CONFIG)
    assert isinstance(adapter, WooCommerceAdapter) and adapter.config is CONFIG


@pytest.mark.parametrize("code", ["shopware", "", None])
def test_registry_refuses_unknown_codes(code):
    with pytest.raises(ShopError) as info:
        get_adapter(code, CONFIG)
    assert (info.value.code, info.value.retryable) == ("config", False)
