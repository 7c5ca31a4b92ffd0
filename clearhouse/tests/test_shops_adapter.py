"""The adapter contract: what a new shop system must implement, and the shared transport."""

import pytest
import responses

from clearhouse.shops import ShopAdapter, ShopConfig, ShopError, ShopOrder, StockPushResult


class _Incomplete(ShopAdapter):
    code = "incomplete"

    def fetch_new_orders(self, since_cursor):
        return [], since_cursor


class _Minimal(ShopAdapter):
    """The smallest adapter that fulfils the contract, over the shared ``_request``."""

    code = "minimal"

    def fetch_new_orders(self, since_cursor):
        data, _headers = self._request("GET", "/orders", params={"since": since_cursor or ""})
        orders = [ShopOrder(external_id=str(o["id"]), external_ref=o["ref"]) for o in data]
        return orders, "cursor-2"

    def confirm_shipment(self, order_ref, carrier, tracking_numbers, tracking_urls):
        self._request("POST", f"/orders/{order_ref}/ship", json_body={"carrier": carrier})

    def push_stock(self, levels):
        return StockPushResult(pushed=tuple(level.product_ref for level in levels))


CONFIG = ShopConfig("https://api.example.com/v1/", timeout=7)


def test_an_adapter_must_implement_the_whole_contract():
    with pytest.raises(TypeError):
        _Incomplete(CONFIG)


@responses.activate
def test_shared_request_joins_urls_and_passes_the_timeout():
    responses.get("https://api.example.com/v1/orders", json=[{"id": 7, "ref": "A-7"}])
    orders, cursor = _Minimal(CONFIG).fetch_new_orders(None)
    assert orders == [ShopOrder(external_id="7", external_ref="A-7")] and cursor == "cursor-2"
    assert responses.calls[0].request.req_kwargs["timeout"] == 7
    assert "Authorization" not in responses.calls[0].request.headers


@responses.activate
def test_shared_request_accepts_empty_answers():
    responses.post("https://api.example.com/v1/orders/7/ship", status=204)
    assert _Minimal(CONFIG).confirm_shipment("7", "DHL", [], []) is None


@responses.activate
def test_shared_request_shortens_huge_error_bodies():
    responses.get("https://api.example.com/v1/orders", status=500, body="x" * 1_000_000)
    with pytest.raises(ShopError) as info:
        _Minimal(CONFIG).fetch_new_orders(None)
    assert info.value.retryable and len(str(info.value)) < 400


def test_invalid_url_is_not_retryable():
    adapter = _Minimal(ShopConfig("not a url"))
    with pytest.raises(ShopError) as info:
        adapter.fetch_new_orders(None)
    assert (info.value.code, info.value.retryable) == ("config", False)
