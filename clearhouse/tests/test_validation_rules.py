"""Each campaign rule on its own, run through the engine as the addon runs it."""

import pytest

from clearhouse.types import (
    BLOCK,
    WARN,
    CampaignPolicy,
    Customer,
    OrderLine,
    ResolvedLine,
    RuleConfig,
    ValidationInput,
)
from clearhouse.validation import order_points, order_signature, validate

GOOD_CUSTOMER = Customer(
    firstname="Erika",
    lastname="Mustermann",
    phone="030 1234567",
    street="Hauptstr. 5",
    zip="10115",
    city="Berlin",
    country="DE",
)


ONE_MUG = (ResolvedLine("MUG"),)


def _input(customer=GOOD_CUSTOMER, lines=ONE_MUG, **values):
    return ValidationInput(customer=customer, lines=tuple(lines), **values)


def _run(rule, inp, severity=BLOCK, params=None, **policy):
    cfg = RuleConfig(rule, severity=severity, params=params or {})
    return validate(inp, CampaignPolicy(rules=(cfg,), **policy))


def _codes(issues):
    return [issue.code for issue in issues]


def _customer(**values):
    return Customer(**{**GOOD_CUSTOMER.__dict__, **values})


# phone ------------------------------------------------------------------------------


def test_phone_valid_number_has_no_issue():
    assert _run("phone", _input(_customer(phone="+49 (0)30 123 45 67"))) == []


def test_phone_missing_when_required():
    issues = _run("phone", _input(_customer(phone="")))
    assert [(i.rule, i.code, i.field, i.severity) for i in issues] == [
        ("phone", "phone_missing", "phone", BLOCK)
    ]


def test_phone_missing_allowed_when_not_required():
    assert _run("phone", _input(_customer(phone="")), params={"required": False}) == []


def test_phone_invalid_names_number_and_country():
    (issue,) = _run("phone", _input(_customer(phone="12345")))
    assert issue.code == "phone_invalid"
    assert issue.message == "Phone number '12345' is not valid for DE"
    assert issue.params == {"phone": "12345", "country": "DE", "reason": "invalid"}
    assert issue.suggestion == ""


def test_phone_invalid_even_when_not_required():
    issues = _run("phone", _input(_customer(phone="12345")), params={"required": False})
    assert _codes(issues) == ["phone_invalid"]


def test_phone_invalid_suggests_number_with_plus():
    (issue,) = _run("phone", _input(_customer(phone="1 212 555 0123")))
    assert (issue.code, issue.suggestion) == ("phone_invalid", "+12125550123")


def test_phone_national_number_without_country_is_invalid():
    (issue,) = _run("phone", _input(_customer(country="")))
    assert (issue.code, issue.params["reason"]) == ("phone_invalid", "wrong_country")
    assert "without a delivery country" in issue.message


def test_phone_fixed_line_not_mobile_when_mobile_required():
    (issue,) = _run("phone", _input(), params={"mobile_required": True})
    assert issue.code == "phone_not_mobile"
    assert issue.params == {"phone": "+49301234567", "country": "DE"}


def test_phone_mobile_passes_when_mobile_required():
    inp = _input(_customer(phone="0151 23456789"))
    assert _run("phone", inp, params={"mobile_required": True}) == []


# address ----------------------------------------------------------------------------


def test_address_rule_uses_configured_severity():
    issues = _run("address", _input(_customer(zip="1011")), severity=WARN)
    assert [(i.rule, i.code, i.severity) for i in issues] == [
        ("address", "address_zip_invalid", WARN)
    ]


def test_address_rule_good_address():
    assert _run("address", _input()) == []


# country ----------------------------------------------------------------------------


def test_country_all_allowed_when_list_empty():
    assert _run("country", _input(_customer(country="FR"))) == []


def test_country_allowed():
    assert _run("country", _input(_customer(country="de")), allowed_countries=("AT", "DE")) == []


def test_country_not_allowed():
    (issue,) = _run("country", _input(_customer(country="FR")), allowed_countries=("DE", "AT"))
    assert (issue.code, issue.field) == ("country_not_allowed", "country")
    assert issue.params == {"country": "FR", "allowed": "DE, AT"}
    assert "'FR'" in issue.message


def test_country_missing_is_not_allowed_when_restricted():
    (issue,) = _run("country", _input(_customer(country="")), allowed_countries=("DE",))
    assert (issue.code, issue.params["country"]) == ("country_not_allowed", "")


# packstation ------------------------------------------------------------------------


def test_packstation_not_allowed():
    inp = _input(_customer(street="Packstation 123", street2="Postnummer 12345678"))
    (issue,) = _run("packstation", inp)
    assert (issue.code, issue.field) == ("packstation_not_allowed", "street")
    assert issue.params == {"value": "Packstation 123", "source": "street"}


def test_packstation_rule_inactive_lets_lockers_pass():
    inp = _input(_customer(street="Packstation 123"))
    policy = CampaignPolicy(rules=(RuleConfig("packstation", active=False),))
    assert validate(inp, policy) == []


def test_packstation_normal_street_passes():
    assert _run("packstation", _input(_customer(street="Poststraße 5"))) == []


# size -------------------------------------------------------------------------------


def test_size_missing_and_unknown_per_line():
    lines = (
        ResolvedLine("MUG"),
        ResolvedLine("SHIRT", sizes=("S", "M", "L")),
        ResolvedLine("CAP", sizes=("S", "M"), size="XL"),
        ResolvedLine("HOODIE", sizes=("S", "M"), size="m"),
        ResolvedLine("JACKET", sizes=("S", "M"), size="M"),
    )
    issues = _run("size", _input(lines=lines))
    assert [(i.code, i.line, i.suggestion) for i in issues] == [
        ("size_missing", 1, ""),
        ("size_unknown", 2, ""),
        ("size_unknown", 3, "M"),
    ]
    assert issues[0].params == {"sku": "SHIRT", "sizes": "S, M, L"}
    assert issues[1].params == {"sku": "CAP", "size": "XL", "sizes": "S, M"}
    assert all(i.field == "lines" for i in issues)


# catalogue --------------------------------------------------------------------------


def test_catalogue_unknown_premium_and_bad_quantities():
    lines = (
        ResolvedLine("MUG"),
        ResolvedLine("GHOST", in_catalogue=False),
        ResolvedLine("CAP", quantity=0),
        ResolvedLine("PEN", quantity=-2),
    )
    issues = _run("catalogue", _input(lines=lines))
    assert [(i.code, i.line, i.params) for i in issues] == [
        ("product_not_in_catalogue", 1, {"sku": "GHOST"}),
        ("quantity_invalid", 2, {"sku": "CAP", "quantity": 0}),
        ("quantity_invalid", 3, {"sku": "PEN", "quantity": -2}),
    ]


def test_catalogue_all_known():
    assert _run("catalogue", _input(lines=(ResolvedLine("MUG", quantity=3),))) == []


# points -----------------------------------------------------------------------------

POINT_LINES = (
    ResolvedLine("MUG", quantity=2, points=100),
    ResolvedLine("CAP", quantity=1, points=50),
    ResolvedLine("GHOST", quantity=1, points=999, in_catalogue=False),
    ResolvedLine("PEN", quantity=-1, points=40),
)


def test_order_points_counts_catalogue_lines_with_positive_quantity():
    assert order_points(POINT_LINES) == 250


@pytest.mark.parametrize(
    ("points_policy", "balance", "codes"),
    [
        ("lte", 300, []),
        ("lte", 250, []),
        ("lte", 249, ["points_exceeded"]),
        ("lte", None, ["points_balance_missing"]),
        ("eq", 250, []),
        ("eq", 300, ["points_not_equal"]),
        ("eq", 200, ["points_not_equal"]),
        ("eq", None, ["points_balance_missing"]),
    ],
)
def test_points_policy(points_policy, balance, codes):
    inp = _input(lines=POINT_LINES, declared_points=balance)
    issues = _run("points", inp, points_policy=points_policy)
    assert _codes(issues) == codes
    for issue in issues:
        assert issue.field == "points"
        assert issue.params == {"total": 250, "balance": balance}


def test_points_exceeded_message():
    (issue,) = _run("points", _input(lines=POINT_LINES, declared_points=100))
    assert issue.message == "The order costs 250 points but the balance is only 100"


def test_points_unknown_policy_blocks_as_rule_error():
    (issue,) = _run("points", _input(declared_points=0), severity=WARN, points_policy="gte")
    assert (issue.code, issue.severity, issue.rule) == ("rule_error", BLOCK, "points")


# max_per_participant ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "already", "maximum", "codes"),
    [
        (1, 0, 1, []),
        (2, 0, 1, ["max_exceeded"]),
        (1, 1, 2, []),
        (1, 2, 2, ["max_exceeded"]),
        (5, 10, 0, []),  # 0: no maximum
    ],
)
def test_max_per_participant(quantity, already, maximum, codes):
    line = ResolvedLine(
        "MUG", quantity=quantity, already_ordered=already, max_per_participant=maximum
    )
    issues = _run("max_per_participant", _input(lines=(line,)))
    assert _codes(issues) == codes
    for issue in issues:
        assert (issue.field, issue.line) == ("lines", 0)
        assert issue.params == {
            "sku": "MUG",
            "quantity": quantity,
            "already": already,
            "max": maximum,
        }


def test_max_per_participant_counts_repeated_lines_of_one_order():
    line = ResolvedLine("MUG", quantity=1, max_per_participant=1)
    issues = _run("max_per_participant", _input(lines=(line, ResolvedLine("CAP"), line)))
    assert [(i.code, i.line) for i in issues] == [("max_exceeded", 2)]


# duplicate --------------------------------------------------------------------------


def test_order_signature_ignores_line_order_and_splitting():
    a = (OrderLine("MUG", 2), OrderLine("SHIRT", 1, "M"))
    b = (OrderLine("SHIRT", 1, "M"), OrderLine("MUG", 1), OrderLine("MUG", 1))
    resolved = (ResolvedLine("SHIRT", 1, size="M"), ResolvedLine("MUG", 2))
    assert order_signature(a) == order_signature(b) == order_signature(resolved)


@pytest.mark.parametrize(
    "other",
    [
        (OrderLine("MUG", 3), OrderLine("SHIRT", 1, "M")),
        (OrderLine("MUG", 2), OrderLine("SHIRT", 1, "L")),
        (OrderLine("MUG", 2),),
        (OrderLine("CUP", 2), OrderLine("SHIRT", 1, "M")),
    ],
)
def test_order_signature_differs_for_other_content(other):
    assert order_signature((OrderLine("MUG", 2), OrderLine("SHIRT", 1, "M"))) != order_signature(
        other
    )


def test_order_signature_is_a_stable_string():
    signature = order_signature((OrderLine("MUG", 2),))
    assert signature == order_signature([OrderLine("MUG", 2)])
    assert isinstance(signature, str) and len(signature) == 64


def test_duplicate_order_warns_by_default():
    lines = (ResolvedLine("MUG", 2), ResolvedLine("CAP"))
    others = ("0" * 64, order_signature(reversed(lines)))
    inp = _input(lines=lines, other_order_signatures=others)
    policy = CampaignPolicy(rules=(RuleConfig("duplicate", severity=WARN),))
    (issue,) = validate(inp, policy)
    assert (issue.code, issue.field, issue.severity) == ("duplicate_order", "order", WARN)
    assert issue.params == {"signature": others[1]}


def test_duplicate_none_for_new_content():
    inp = _input(other_order_signatures=(order_signature((OrderLine("CAP"),)),))
    assert _run("duplicate", inp) == []


def test_duplicate_ignores_empty_orders():
    inp = _input(lines=(), other_order_signatures=(order_signature(()),))
    assert _run("duplicate", inp) == []
