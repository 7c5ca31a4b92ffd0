"""Demo order generator: deterministic, realistic, and invalid exactly where it says."""

import collections
import re

import pytest

from clearhouse.intake.generator import (
    DEMO_CATALOGUE,
    INVALID_KINDS,
    VALID,
    generate_orders,
    generate_orders_with_kinds,
)
from clearhouse.intake.payload import parse_order_dict

phonenumbers = pytest.importorskip("phonenumbers")

POINTS = {sku: points for sku, _name, points, _sizes in DEMO_CATALOGUE}
SIZES = {sku: sizes for sku, _name, _points, sizes in DEMO_CATALOGUE}
ZIP = {
    "DE": re.compile(r"[0-9]{5}"),
    "AT": re.compile(r"[1-9][0-9]{3}"),
    "CH": re.compile(r"[1-9][0-9]{3}"),
}
HOUSE_NUMBER = re.compile(r".+ [0-9]+[a-z]?(/[0-9]+)?")


@pytest.fixture(scope="module")
def generated():
    return generate_orders_with_kinds(1000, seed=11, invalid_ratio=0.35)


def phone_is_valid(phone, country):
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(phone, country))
    except phonenumbers.NumberParseException:
        return False


def points_needed(order):
    return sum(POINTS.get(line["sku"], 0) * line["quantity"] for line in order["lines"])


def test_demo_catalogue():
    assert [(sku, name, points) for sku, name, points, _sizes in DEMO_CATALOGUE] == [
        ("PR-TSHIRT", "T-Shirt", 300),
        ("PR-HOODIE", "Kapuzenpullover", 800),
        ("PR-JACKET", "Softshelljacke", 1500),
        ("PR-SOCKS", "Sportsocken", 120),
        ("PR-CAP", "Baseballkappe", 150),
        ("PR-MUG", "Kaffeebecher", 100),
        ("PR-TOWEL", "Badetuch", 250),
        ("PR-UMBRELLA", "Regenschirm", 400),
        ("PR-BAG", "Sporttasche", 350),
        ("PR-BOTTLE", "Trinkflasche", 200),
    ]
    assert (
        SIZES["PR-TSHIRT"]
        == SIZES["PR-HOODIE"]
        == SIZES["PR-JACKET"]
        == ("S", "M", "L", "XL", "XXL")
    )
    assert SIZES["PR-SOCKS"] == ("S", "M", "L", "XL")
    assert all(
        not SIZES[sku]
        for sku in ("PR-CAP", "PR-MUG", "PR-TOWEL", "PR-UMBRELLA", "PR-BAG", "PR-BOTTLE")
    )


def test_same_seed_same_orders_other_seed_other_orders():
    assert generate_orders(50, seed=3) == generate_orders(50, seed=3)
    assert generate_orders(50, seed=3) != generate_orders(50, seed=4)
    assert generate_orders_with_kinds(20, seed=3)[5][0] == generate_orders(20, seed=3)[5]


@pytest.mark.parametrize(
    "n, ratio", [(0, 0.2), (1, 0.2), (10, 0.2), (100, 0.0), (100, 1.0), (333, 0.37)]
)
def test_invalid_ratio_is_respected(n, ratio):
    kinds = [kind for _order, kind in generate_orders_with_kinds(n, invalid_ratio=ratio, seed=2)]
    assert len(kinds) == n
    assert sum(kind != VALID for kind in kinds) == round(n * ratio)


def test_invalid_kinds_are_spread_evenly(generated):
    counts = collections.Counter(kind for _order, kind in generated if kind != VALID)
    assert set(counts) == set(INVALID_KINDS)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_every_generated_order_passes_parse_order_dict(generated):
    for order, _kind in generated:
        parse_order_dict(order)
    assert {order["external_ref"] for order, _kind in generated} == {
        f"GEN-{index:06d}" for index in range(1, 1001)
    }
    assert len({order["participant_number"] for order, _kind in generated}) == 1000


def test_ref_prefix():
    assert generate_orders(1, ref_prefix="LOAD")[0]["external_ref"] == "LOAD-000001"


def test_valid_orders_are_consistent(generated):
    countries = collections.Counter()
    for order, kind in generated:
        if kind != VALID:
            continue
        customer = order["customer"]
        countries[customer["country"]] += 1
        assert phone_is_valid(customer["phone"], customer["country"]), customer["phone"]
        assert ZIP[customer["country"]].fullmatch(customer["zip"]), customer["zip"]
        assert HOUSE_NUMBER.fullmatch(customer["street"]), customer["street"]
        assert "Packstation" not in customer["street"]
        assert re.fullmatch(r"[a-z0-9.]+@example\.(com|org|net)", customer["email"])
        assert 1 <= len(order["lines"]) <= 3
        for line in order["lines"]:
            assert line["sku"] in POINTS
            assert (line["size"] in SIZES[line["sku"]]) if SIZES[line["sku"]] else not line["size"]
        assert order["declared_points"] >= points_needed(order)
    assert set(countries) == {"DE", "AT", "CH"}


def test_phone_numbers_come_national_and_international(generated):
    phones = [order["customer"]["phone"] for order, kind in generated if kind == VALID]
    assert any(phone.startswith("+49 ") for phone in phones)
    assert any(phone.startswith("+43 ") for phone in phones)
    assert any(phone.startswith("+41 ") for phone in phones)
    assert any(phone.startswith("0") for phone in phones)


def test_each_invalid_order_has_its_defect(generated):
    for order, kind in generated:
        customer, lines = order["customer"], order["lines"]
        if kind == "invalid_phone":
            assert not phone_is_valid(customer["phone"], customer["country"]), customer["phone"]
        elif kind == "missing_size":
            assert any(SIZES[line["sku"]] and not line["size"] for line in lines)
        elif kind == "invalid_zip":
            assert not ZIP[customer["country"]].fullmatch(customer["zip"]), customer["zip"]
        elif kind == "missing_house_number":
            assert not re.search(r"[0-9]", customer["street"]), customer["street"]
        elif kind == "points_exceeded":
            assert order["declared_points"] < points_needed(order)
        elif kind == "packstation":
            assert customer["street"].startswith("Packstation ")
            assert customer["country"] == "DE"
        elif kind == "unknown_sku":
            assert any(line["sku"] not in POINTS for line in lines)


def test_custom_catalogue_without_sizes_skips_missing_size():
    catalogue = (("X-1", "Eins", 10, ()), ("X-2", "Zwei", 20, ()))
    generated = generate_orders_with_kinds(70, invalid_ratio=1, catalogue=catalogue)
    kinds = {kind for _order, kind in generated}
    assert "missing_size" not in kinds
    assert len(kinds) == len(INVALID_KINDS) - 1


@pytest.mark.parametrize(
    "kwargs", [{"n": -1}, {"n": 1, "invalid_ratio": 1.5}, {"n": 1, "catalogue": ()}]
)
def test_bad_arguments(kwargs):
    n = kwargs.pop("n")
    with pytest.raises(ValueError):
        generate_orders(n, **kwargs)
