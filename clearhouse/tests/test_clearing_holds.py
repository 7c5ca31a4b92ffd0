"""Automatic holds on real-looking orders: notes, lockers, values, double orders."""

import datetime
from decimal import Decimal

import pytest

from clearhouse.clearing import (
    DHL_PACKSTATION,
    HOLD_CODES,
    HoldConfig,
    OrderSnapshot,
    PackstationLimits,
    RecentOrder,
    SnapshotLine,
    address_key,
    detect_holds,
    is_boilerplate_note,
)
from clearhouse.types import Customer
from clearhouse.validation import order_signature

HOME = Customer(
    firstname="Erika",
    lastname="Mustermann",
    email="erika@example.com",
    street="Hauptstr. 5",
    zip="10115",
    city="Berlin",
    country="DE",
)
PACKSTATION = Customer(
    firstname="Erika",
    lastname="Mustermann",
    street="Packstation 123",
    street2="Postnummer 12345678",
    zip="10115",
    city="Berlin",
    country="DE",
)
POST_BOX = Customer(lastname="Mustermann", street="Postfach 1234", zip="10115", city="Berlin")
MUG = SnapshotLine("MUG", 1, weight_kg=0.4, length_cm=12, width_cm=10, height_cm=10)
NOW = datetime.datetime(2026, 10, 1, 12, 0)


def _snapshot(**values):
    base = {"ref": "SO-1", "customer": HOME, "lines": (MUG,)}
    return OrderSnapshot(**{**base, **values})


def _codes(holds):
    return [hold.code for hold in holds]


def test_clean_order_has_no_hold():
    assert detect_holds(_snapshot(), HoldConfig(value_threshold=500)) == []


# customer note --------------------------------------------------------------------

NOTES = [
    ("", False),
    ("   \n\t ", False),
    ("-", False),
    ("--", False),
    ("keine", False),
    ("Keine.", False),
    (" KEINE ", False),
    ("n/a", False),
    ("N/A", False),
    ("none", False),
    ("...", False),
    ("–", False),
    ("Bitte beim Nachbarn abgeben", True),
    ("Keine Lieferung vor 10 Uhr", True),
    ("Bitte nicht klingeln, Baby schläft!", True),
    ("na ja, die letzte Tasse kam kaputt an", True),
    ("0", True),
    ("Kein Zugang über Hof\n2. Tür links", True),
]


@pytest.mark.parametrize(("note", "held"), NOTES)
def test_customer_note_holds_unless_boilerplate(note, held):
    holds = detect_holds(_snapshot(note=note), HoldConfig(enabled=("customer_note",)))
    assert _codes(holds) == (["customer_note"] if held else []), repr(note)


def test_customer_note_boilerplate_is_configurable():
    config = HoldConfig(enabled=("customer_note",), note_boilerplate=("siehe oben",))
    assert detect_holds(_snapshot(note="Siehe oben."), config) == []
    assert _codes(detect_holds(_snapshot(note="keine"), config)) == ["customer_note"], (
        "a configured list replaces the default one"
    )


def test_customer_note_hold_shortens_huge_notes():
    (hold,) = detect_holds(_snapshot(note="x" * 100_000), HoldConfig(enabled=("customer_note",)))
    assert len(hold.params["note"]) <= 80 and len(hold.message) < 200


def test_is_boilerplate_note_default_list():
    assert is_boilerplate_note(" - ") and not is_boilerplate_note("Hinterhaus")


# packstation --------------------------------------------------------------------

OVERSIZE_CASES = [
    # customer, lines, held
    (PACKSTATION, (MUG,), False),
    (PACKSTATION, (SnapshotLine("CRATE", 1, 31.5, 60, 35, 35),), False),  # exactly the limit
    (PACKSTATION, (SnapshotLine("CRATE", 1, 31.6, 60, 35, 35),), True),  # weight
    (PACKSTATION, (SnapshotLine("PLATES", 20, 1.6),), True),  # 32 kg in total
    (PACKSTATION, (SnapshotLine("UMBRELLA", 1, 0.8, 95, 8, 8),), True),  # too long
    (PACKSTATION, (SnapshotLine("POSTER", 1, 0.5, 35, 60, 10),), False),  # fits turned
    (PACKSTATION, (SnapshotLine("BOX", 3, 2, 40, 30, 30),), True),  # volume of three
    (PACKSTATION, (SnapshotLine("UNKNOWN", 1),), False),  # no data: no hold
    (POST_BOX, (SnapshotLine("CRATE", 1, 40, 80, 50, 50),), True),
    (HOME, (SnapshotLine("CRATE", 1, 40, 80, 50, 50),), False),  # not a locker
]


@pytest.mark.parametrize(("customer", "lines", "held"), OVERSIZE_CASES)
def test_packstation_oversize(customer, lines, held):
    holds = detect_holds(
        _snapshot(customer=customer, lines=lines), HoldConfig(enabled=("packstation_oversize",))
    )
    assert _codes(holds) == (["packstation_oversize"] if held else []), lines


def test_packstation_oversize_params_name_the_item():
    umbrella = SnapshotLine("UMBRELLA", 1, 0.8, 95, 8, 8)
    (hold,) = detect_holds(
        _snapshot(customer=PACKSTATION, lines=(umbrella,)),
        HoldConfig(enabled=("packstation_oversize",)),
    )
    assert hold.params["skus"] == "UMBRELLA"
    assert hold.params["max_dimensions_cm"] == "60x35x35 cm"
    assert "UMBRELLA" in hold.message


def test_packstation_limits_per_shipping_product():
    small = PackstationLimits(max_weight_kg=5, max_length_cm=40, max_width_cm=30, max_height_cm=20)
    config = HoldConfig(
        enabled=("packstation_oversize",), product_packstation_limits={"locker_small": small}
    )
    crate = (SnapshotLine("CRATE", 1, 6, 30, 20, 10),)
    snapshot = _snapshot(customer=PACKSTATION, lines=crate, shipping_product="locker_small")
    assert _codes(detect_holds(snapshot, config)) == ["packstation_oversize"]
    other = _snapshot(customer=PACKSTATION, lines=crate, shipping_product="dhl_paket")
    assert detect_holds(other, config) == [], "other products fall back to the DHL limits"
    assert config.limits_for("dhl_paket") == DHL_PACKSTATION


# value --------------------------------------------------------------------------

VALUE_CASES = [
    (Decimal("499.99"), 500, False),
    (Decimal("500.00"), 500, False),
    (Decimal("500.01"), 500, True),
    (1200, Decimal(1000), True),
    (99.5, "99.49", True),
    (None, 500, False),
    ("n/a", 500, False),
    (Decimal("NaN"), 500, False),
    (10**30, None, False),  # no threshold configured
]


@pytest.mark.parametrize(("value", "threshold", "held"), VALUE_CASES)
def test_value_above_threshold(value, threshold, held):
    config = HoldConfig(enabled=("value_above_threshold",), value_threshold=threshold)
    holds = detect_holds(_snapshot(value=value), config)
    assert _codes(holds) == (["value_above_threshold"] if held else []), (value, threshold)


# duplicates ---------------------------------------------------------------------

SIGNATURE = order_signature((MUG,))
OTHER_SIGNATURE = order_signature((SnapshotLine("CAP", 1),))


def _recent(ref="SO-0", signature=SIGNATURE, days_ago=2, customer=HOME, email=""):
    return RecentOrder(
        ref=ref,
        signature=signature,
        ordered_at=NOW - datetime.timedelta(days=days_ago),
        address_key=address_key(customer),
        email=email,
    )


MOVED = Customer(lastname="Mustermann", street="Gartenweg 1", zip="80331", country="DE")
DUPLICATE_CASES = [
    ("same premiums, same address", (_recent(),), True),
    ("other premiums", (_recent(signature=OTHER_SIGNATURE),), False),
    ("too long ago", (_recent(days_ago=15),), False),
    ("at the edge of the window", (_recent(days_ago=14),), True),
    ("other address", (_recent(customer=MOVED),), False),
    ("other address, same e-mail", (_recent(customer=MOVED, email="Erika@Example.com"),), True),
    ("the order itself", (_recent(ref="SO-1"),), False),
    ("no other orders", (), False),
]


@pytest.mark.parametrize(
    ("case", "recent", "held"), DUPLICATE_CASES, ids=[c[0] for c in DUPLICATE_CASES]
)
def test_suspected_duplicate(case, recent, held):
    snapshot = _snapshot(ordered_at=NOW, recent_orders=recent)
    holds = detect_holds(snapshot, HoldConfig(enabled=("suspected_duplicate",)))
    assert _codes(holds) == (["suspected_duplicate"] if held else []), case


def test_suspected_duplicate_ignores_line_split_and_names_the_orders():
    split = (SnapshotLine("MUG", 1), SnapshotLine("MUG", 1))
    recent = (_recent("SO-0", order_signature((SnapshotLine("MUG", 2),))), _recent("SO-00"))
    snapshot = _snapshot(lines=split, ordered_at=NOW, recent_orders=recent)
    (hold,) = detect_holds(snapshot, HoldConfig(enabled=("suspected_duplicate",), duplicate_days=3))
    assert hold.params["refs"] == "SO-0", "2 x MUG and MUG, MUG are the same order"


def test_suspected_duplicate_accepts_aware_and_naive_times():
    aware = NOW.replace(tzinfo=datetime.timezone.utc)
    snapshot = _snapshot(ordered_at=aware, recent_orders=(_recent(days_ago=1),))
    assert _codes(detect_holds(snapshot, HoldConfig(enabled=("suspected_duplicate",)))) == [
        "suspected_duplicate"
    ]


ADDRESS_KEYS = [
    (
        HOME,
        Customer(
            firstname="E.", lastname="MUSTERMANN", street="Hauptstraße 5", zip="10115", country="de"
        ),
    ),
    (HOME, Customer(lastname="Mustermann", street="Haupt-Str. 5", zip="10115 ", country="DE")),
]


@pytest.mark.parametrize(("one", "other"), ADDRESS_KEYS)
def test_address_key_ignores_spelling(one, other):
    assert address_key(one) == address_key(other)


def test_address_key_differs_by_house_number_and_is_empty_without_address():
    assert address_key(HOME) != address_key(Customer(**{**HOME.__dict__, "street": "Hauptstr. 6"}))
    assert address_key(Customer(country="DE")) == ""


# engine -------------------------------------------------------------------------


def test_detect_holds_runs_enabled_detectors_in_configured_order():
    snapshot = _snapshot(
        customer=Customer(**{**PACKSTATION.__dict__, "email": "erika@example.com"}),
        note="Bitte schnell!",
        value=Decimal(900),
        lines=(SnapshotLine("CRATE", 1, 40),),
    )
    config = HoldConfig(
        enabled=("value_above_threshold", "packstation_oversize", "customer_note"),
        value_threshold=100,
    )
    assert _codes(detect_holds(snapshot, config)) == [
        "value_above_threshold",
        "packstation_oversize",
        "customer_note",
    ]
    assert detect_holds(snapshot, HoldConfig(enabled=())) == []


def test_hold_config_refuses_unknown_codes():
    with pytest.raises(ValueError, match="Unknown hold codes"):
        HoldConfig(enabled=("customer_note", "weather"))
    assert set(HoldConfig().enabled) == set(HOLD_CODES)
