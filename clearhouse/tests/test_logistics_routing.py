"""Routing rules: which partner ships which lines, and why a line cannot be routed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhouse.logistics.routing import (
    PACKSTATION_MAX_WEIGHT_KG,
    RoutingRule,
    Shipment,
    ShipmentLine,
    route,
)

BULKY = 7  # category ids as the addon passes them: the product's category and its parents
FRAGILE = 9
PREMIUMS = 3

MUG = ShipmentLine("PR-MUG", 1, weight_kg=0.4, length_cm=12, width_cm=10, height_cm=10)
HOODIE = ShipmentLine("PR-HOODIE", 1, weight_kg=0.6, length_cm=30, width_cm=25, height_cm=5)
GRILL = ShipmentLine(
    "PR-GRILL", 1, weight_kg=18, length_cm=80, width_cm=50, height_cm=45, category_ids=(BULKY,)
)
BIKE = ShipmentLine(
    "PR-EBIKE", 1, weight_kg=24, length_cm=160, width_cm=30, height_cm=90, category_ids=(BULKY,)
)
VASE = ShipmentLine(
    "PR-VASE", 1, weight_kg=1.2, length_cm=20, width_cm=20, height_cm=40, category_ids=(FRAGILE,)
)
# Turned on its side it fits 60 x 35 x 35: pieces may be turned.
POSTER = ShipmentLine("PR-POSTER", 1, weight_kg=0.3, length_cm=5, width_cm=58, height_cm=5)

# A service centre's typical table: bulky goods to a freight forwarder, Switzerland to
# a Swiss partner, everything else by parcel, heavy parcels by freight as well.
RULES = (
    RoutingRule(10, "FREIGHT", category_ids=(BULKY,)),
    RoutingRule(20, "SWISSPOST", countries=("CH", "LI")),
    RoutingRule(
        30,
        "DHL",
        countries=("DE", "AT"),
        max_weight_kg=31.5,
        max_length_cm=120,
        max_width_cm=60,
        max_height_cm=60,
        packstation=True,
    ),
    RoutingRule(40, "FREIGHT", min_weight_kg=31.5, countries=("DE", "AT")),
)


def shipment(*lines, country="DE", packstation=False, campaign="HERBST26"):
    return Shipment(
        order_ref="WEB-1",
        country=country,
        lines=tuple(lines),
        campaign_code=campaign,
        is_packstation=packstation,
    )


def deliveries(result):
    return [(d.partner_code, d.lines) for d in result.deliveries]


def reasons(result):
    return [(u.line, u.code) for u in result.unroutable]


@pytest.mark.parametrize(
    ("lines", "country", "packstation", "expected", "unroutable"),
    [
        pytest.param((MUG, HOODIE), "DE", False, [("DHL", (0, 1))], [], id="one parcel"),
        pytest.param(
            (MUG, GRILL),
            "DE",
            False,
            [("FREIGHT", (1,)), ("DHL", (0,))],
            [],
            id="split: bulky by freight, the rest by parcel",
        ),
        pytest.param((MUG,), "CH", False, [("SWISSPOST", (0,))], [], id="country"),
        pytest.param(
            (MUG,), "FR", False, [], [(0, "unroutable_country")], id="country nobody serves"
        ),
        pytest.param(
            (GRILL,),
            "FR",
            False,
            [("FREIGHT", (0,))],
            [],
            id="category rule without country condition",
        ),
        pytest.param(
            (ShipmentLine("PR-BOOK", 40, weight_kg=0.9, length_cm=20, width_cm=15, height_cm=3),),
            "DE",
            False,
            [("FREIGHT", (0,))],
            [],
            id="36 kg of books: too heavy for parcel, freight from 31.5 kg",
        ),
        pytest.param(
            (POSTER,), "DE", True, [("DHL", (0,))], [], id="Packstation, piece turned to fit"
        ),
        pytest.param(
            (VASE,),
            "AT",
            False,
            [("DHL", (0,))],
            [],
            id="category without a rule of its own takes the general rule",
        ),
    ],
)
def test_route_table(lines, country, packstation, expected, unroutable):
    result = route(shipment(*lines, country=country, packstation=packstation), RULES)
    assert deliveries(result) == expected
    assert reasons(result) == unroutable
    assert result.complete == (not unroutable)


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        (0.0, "DHL"),
        (31.5, "DHL"),  # limits are inclusive
        (31.6, "FREIGHT"),
        (120.0, "FREIGHT"),
    ],
)
def test_weight_limits_are_inclusive(weight, expected):
    line = ShipmentLine("PR-BOX", 1, weight_kg=weight, length_cm=10, width_cm=10, height_cm=10)
    assert deliveries(route(shipment(line), RULES)) == [(expected, (0,))]


def test_weight_limit_applies_to_the_whole_delivery_of_a_partner():
    box = ShipmentLine("PR-BOX", 1, weight_kg=12, length_cm=40, width_cm=30, height_cm=30)
    dumbbell = ShipmentLine("PR-DUMBBELL", 1, weight_kg=10, length_cm=30, width_cm=15)
    rules = (
        RoutingRule(10, "DHL", product_codes=("PR-BOX",), max_weight_kg=31.5),
        RoutingRule(20, "DHL", max_weight_kg=31.5),
        RoutingRule(30, "FREIGHT"),
    )
    # 24 kg of boxes go to DHL first; 10 kg more would make the DHL delivery 34 kg.
    result = route(shipment(box, box, dumbbell), rules)
    assert deliveries(result) == [("DHL", (0, 1)), ("FREIGHT", (2,))]
    assert result.deliveries[0].weight_kg == 24

    heavy = route(shipment(box, box, box), rules[:2])
    assert heavy.deliveries == ()
    assert {u.code for u in heavy.unroutable} == {"unroutable_too_heavy"}
    assert heavy.unroutable[0].params["weight_kg"] == 36
    assert "36 kg" in heavy.unroutable[0].message and "31.5 kg" in heavy.unroutable[0].message


def test_quantity_counts_in_the_weight():
    line = ShipmentLine("PR-MUG", 100, weight_kg=0.4, length_cm=12, width_cm=10, height_cm=10)
    result = route(shipment(line), RULES)
    assert deliveries(result) == [("FREIGHT", (0,))], "40 kg of mugs go by freight"
    assert result.deliveries[0].weight_kg == pytest.approx(40)


@pytest.mark.parametrize(
    ("dims", "fits"),
    [
        ((120, 60, 60), True),
        ((60, 120, 60), True),  # turned
        ((121, 10, 10), False),
        ((100, 61, 61), False),
        ((0, 0, 0), True),  # unknown dimensions never exceed a limit
    ],
)
def test_dimension_limits_allow_turning_the_piece(dims, fits):
    rules = (RoutingRule(10, "DHL", max_length_cm=120, max_width_cm=60, max_height_cm=60),)
    line = ShipmentLine(
        "PR-BOX", 1, weight_kg=1, length_cm=dims[0], width_cm=dims[1], height_cm=dims[2]
    )
    result = route(shipment(line), rules)
    assert result.complete == fits
    if not fits:
        (problem,) = result.unroutable
        assert problem.code == "unroutable_too_large"
        assert "120 x 60 x 60 cm" in problem.message, problem.message


def test_missing_dimension_limit_means_any_size():
    rules = (RoutingRule(10, "DHL", max_length_cm=50),)
    line = ShipmentLine("PR-POLE", 1, weight_kg=1, length_cm=45, width_cm=200, height_cm=2)
    assert not route(shipment(line), rules).complete, "the longest side is the length"
    short = ShipmentLine("PR-POLE", 1, weight_kg=1, length_cm=45, width_cm=40, height_cm=2)
    assert route(shipment(short), rules).complete


def test_split_keeps_one_delivery_per_partner_across_rules():
    rules = (
        RoutingRule(10, "DHL", product_codes=("PR-MUG",)),
        RoutingRule(20, "FREIGHT", category_ids=(BULKY,)),
        RoutingRule(30, "DHL"),
    )
    result = route(shipment(MUG, GRILL, HOODIE), rules)
    assert deliveries(result) == [("DHL", (0, 2)), ("FREIGHT", (1,))]
    assert result.deliveries[0].rules == (10, 30)
    assert result.deliveries[0].weight_kg == pytest.approx(1.0)


def test_rules_run_in_sequence_order_not_list_order():
    rules = (RoutingRule(20, "DHL"), RoutingRule(10, "HERMES"))
    assert deliveries(route(shipment(MUG), rules)) == [("HERMES", (0,))]


def test_equal_sequences_keep_list_order():
    rules = (RoutingRule(10, "DHL"), RoutingRule(10, "HERMES"))
    assert deliveries(route(shipment(MUG), rules)) == [("DHL", (0,))]


def test_campaign_condition():
    rules = (RoutingRule(10, "PROMO-LOGISTICS", campaign_codes=("HERBST26",)),)
    assert route(shipment(MUG), rules).complete
    other = route(shipment(MUG, campaign="FRUEHLING27"), rules)
    assert reasons(other) == [(0, "unroutable_campaign")]
    assert "FRUEHLING27" in other.unroutable[0].message


def test_product_and_category_conditions_both_must_hold():
    rules = (
        RoutingRule(10, "GLASS", product_codes=("PR-VASE", "PR-MUG"), category_ids=(FRAGILE,)),
    )
    result = route(shipment(VASE, MUG), rules)
    assert deliveries(result) == [("GLASS", (0,))]
    assert reasons(result) == [(1, "unroutable_category")]


def test_parent_category_covers_children():
    child = ShipmentLine("PR-PEN", 1, weight_kg=0.1, category_ids=(12, PREMIUMS))
    rules = (RoutingRule(10, "DHL", category_ids=(PREMIUMS,)),)
    assert route(shipment(child), rules).complete


# Packstation ----------------------------------------------------------------------------


def test_packstation_order_goes_only_to_partners_that_deliver_there():
    rules = (RoutingRule(10, "HERMES"), RoutingRule(20, "DHL", packstation=True))
    assert deliveries(route(shipment(MUG, packstation=True), rules)) == [("DHL", (0,))]
    assert deliveries(route(shipment(MUG), rules)) == [("HERMES", (0,))]


def test_packstation_order_nobody_serves():
    result = route(shipment(MUG, packstation=True), (RoutingRule(10, "HERMES"),))
    assert reasons(result) == [(0, "unroutable_packstation_not_supported")]


def test_packstation_order_with_a_piece_too_large_for_the_locker():
    big = ShipmentLine("PR-BOX", 1, weight_kg=2, length_cm=70, width_cm=30, height_cm=30)
    result = route(shipment(MUG, big, packstation=True), RULES)
    assert deliveries(result) == [("DHL", (0,))]
    (problem,) = result.unroutable
    assert (problem.line, problem.code) == (1, "unroutable_packstation_too_large")
    assert "70 x 30 x 30 cm" in problem.message
    assert problem.params["partner"] == "DHL"


def test_packstation_order_too_heavy_for_the_locker():
    rules = (RoutingRule(10, "DHL", packstation=True),)  # no weight limit of its own
    heavy = ShipmentLine("PR-WEIGHTS", 2, weight_kg=16, length_cm=30, width_cm=20, height_cm=20)
    result = route(shipment(heavy, packstation=True), rules)
    assert reasons(result) == [(0, "unroutable_too_heavy")]
    assert result.unroutable[0].params["limit_kg"] == PACKSTATION_MAX_WEIGHT_KG


def test_fits_packstation_rule_takes_small_pieces_only():
    rules = (
        RoutingRule(10, "DHL", fits_packstation=True),
        RoutingRule(20, "FREIGHT"),
    )
    result = route(shipment(MUG, GRILL, POSTER), rules)
    assert deliveries(result) == [("DHL", (0, 2)), ("FREIGHT", (1,))]


def test_custom_packstation_limits():
    rules = (RoutingRule(10, "LOCKER", packstation=True),)
    result = route(
        shipment(HOODIE, packstation=True), rules, packstation_dimensions_cm=(40, 20, 10)
    )
    assert reasons(result) == [(0, "unroutable_packstation_too_large")]


# Reasons --------------------------------------------------------------------------------


def test_reason_comes_from_the_rule_that_came_closest():
    # The Swiss rule fails on the country, the DHL rule only on the weight: the user
    # needs to hear about the weight.
    heavy = ShipmentLine("PR-SAFE", 1, weight_kg=60, length_cm=50, width_cm=50, height_cm=50)
    rules = RULES[:3]
    result = route(shipment(heavy), rules)
    (problem,) = result.unroutable
    assert problem.code == "unroutable_too_heavy"
    assert problem.params["rule"] == "30 (DHL)"
    assert problem.message.startswith("Line 1 (PR-SAFE) of order WEB-1 cannot be routed:")


def test_no_rules_at_all():
    result = route(shipment(MUG, HOODIE), ())
    assert reasons(result) == [(0, "unroutable_no_rule"), (1, "unroutable_no_rule")]


def test_empty_shipment_routes_to_nothing():
    assert route(shipment(), RULES).deliveries == ()


@pytest.mark.parametrize(
    "line",
    [
        ShipmentLine("X", 0),
        ShipmentLine("X", 1, weight_kg=-1),
        ShipmentLine("X", 1, length_cm=-5),
    ],
)
def test_impossible_lines_are_a_programming_error(line):
    with pytest.raises(ValueError):
        route(shipment(line), RULES)


def test_rule_with_min_above_max_is_refused():
    with pytest.raises(ValueError):
        RoutingRule(10, "DHL", min_weight_kg=10, max_weight_kg=5)
    with pytest.raises(ValueError):
        RoutingRule(10, "")


_dims = st.floats(min_value=0, max_value=300, allow_nan=False)
_lines = st.builds(
    ShipmentLine,
    product_code=st.sampled_from(["PR-MUG", "PR-GRILL", "PR-BOX", "PR-VASE"]),
    quantity=st.integers(1, 50),
    weight_kg=st.floats(min_value=0, max_value=100, allow_nan=False),
    length_cm=_dims,
    width_cm=_dims,
    height_cm=_dims,
    category_ids=st.sampled_from([(), (BULKY,), (FRAGILE,), (BULKY, PREMIUMS)]),
)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(_lines, max_size=8),
    country=st.sampled_from(["DE", "AT", "CH", "FR", ""]),
    packstation=st.booleans(),
)
def test_every_line_is_routed_once_or_explained(lines, country, packstation):
    result = route(shipment(*lines, country=country, packstation=packstation), RULES)
    routed = [i for d in result.deliveries for i in d.lines]
    unroutable = [u.line for u in result.unroutable]
    assert sorted(routed + unroutable) == list(range(len(lines)))
    assert len({d.partner_code for d in result.deliveries}) == len(result.deliveries)
    for problem in result.unroutable:
        assert problem.code.startswith("unroutable_") and problem.message
