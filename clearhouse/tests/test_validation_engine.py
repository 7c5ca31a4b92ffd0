"""The rule engine: configuration switches, error containment, ordering."""

from clearhouse.types import (
    BLOCK,
    WARN,
    CampaignPolicy,
    Customer,
    Issue,
    ResolvedLine,
    RuleConfig,
    ValidationInput,
)
from clearhouse.validation import (
    RULES,
    RuleSpec,
    default_rule_configs,
    order_signature,
    validate,
    validation_state,
)

RULE_CODES = {
    "phone",
    "address",
    "country",
    "packstation",
    "size",
    "catalogue",
    "points",
    "max_per_participant",
    "duplicate",
}

GOOD = ValidationInput(
    customer=Customer(
        firstname="Max",
        lastname="Muster",
        phone="0151 23456789",
        street="Hauptstr. 5",
        zip="10115",
        city="Berlin",
        country="DE",
    ),
    lines=(ResolvedLine("MUG", quantity=1, points=100),),
    declared_points=100,
)

BAD = ValidationInput(
    customer=Customer(
        phone="12345",
        street="Packstation 123",
        zip="1011",
        city="Berlin",
        country="DE",
    ),
    lines=(
        ResolvedLine("SHIRT", sizes=("S", "M")),
        ResolvedLine("GHOST", in_catalogue=False),
        ResolvedLine("MUG", quantity=3, points=100, max_per_participant=2),
    ),
    declared_points=100,
    other_order_signatures=(),
)


def _policy(*configs, **values):
    return CampaignPolicy(rules=configs, **values)


def test_registry_has_every_rule():
    assert set(RULES) == RULE_CODES
    for code, spec in RULES.items():
        assert spec.code == code and spec.label and callable(spec.check)
    assert RULES["duplicate"].default_severity == WARN
    assert RULES["phone"].default_params == {"required": True, "mobile_required": False}


def test_default_rule_configs_activate_every_rule_at_default_severity():
    configs = default_rule_configs()
    assert [c.rule for c in configs] == list(RULES)
    for cfg in configs:
        assert cfg.active and cfg.severity == RULES[cfg.rule].default_severity
        assert cfg.params == RULES[cfg.rule].default_params
        assert cfg.params is not RULES[cfg.rule].default_params


def test_good_order_is_valid_under_all_rules():
    issues = validate(GOOD, _policy(*default_rule_configs()))
    assert issues == []
    assert validation_state(issues) == "valid"


def test_bad_order_collects_every_finding():
    issues = validate(BAD, _policy(*default_rule_configs()))
    assert [(i.rule, i.code) for i in issues] == [
        ("size", "size_missing"),
        ("catalogue", "product_not_in_catalogue"),
        ("max_per_participant", "max_exceeded"),
        ("phone", "phone_invalid"),
        ("points", "points_exceeded"),
        ("packstation", "packstation_not_allowed"),
        ("address", "address_zip_invalid"),
    ]
    assert validation_state(issues) == "invalid"


def test_rules_not_configured_do_not_run():
    assert validate(BAD, _policy()) == []
    issues = validate(BAD, _policy(RuleConfig("phone")))
    assert {i.rule for i in issues} == {"phone"}


def test_inactive_rule_does_not_run():
    assert validate(BAD, _policy(RuleConfig("phone", active=False))) == []


def test_first_configuration_of_a_rule_counts():
    policy = _policy(RuleConfig("phone", active=False), RuleConfig("phone"))
    assert validate(BAD, policy) == []


def test_warn_severity_leaves_order_valid():
    issues = validate(BAD, _policy(RuleConfig("phone", severity=WARN)))
    assert [(i.code, i.severity) for i in issues] == [("phone_invalid", WARN)]
    assert validation_state(issues) == "valid"


def test_unknown_severity_blocks():
    issues = validate(BAD, _policy(RuleConfig("phone", severity="info")))
    assert [i.severity for i in issues] == [BLOCK]


def test_params_merge_over_defaults():
    inp = ValidationInput(customer=Customer(phone="030 1234567", country="DE"), lines=())
    # mobile_required set, required stays at its default True
    issues = validate(inp, _policy(RuleConfig("phone", params={"mobile_required": True})))
    assert [i.code for i in issues] == ["phone_not_mobile"]
    no_phone = ValidationInput(customer=Customer(country="DE"), lines=())
    issues = validate(no_phone, _policy(RuleConfig("phone", params={"mobile_required": True})))
    assert [i.code for i in issues] == ["phone_missing"]


def test_unknown_rule_warns():
    issues = validate(GOOD, _policy(RuleConfig("horoscope")))
    assert [(i.rule, i.code, i.severity) for i in issues] == [("horoscope", "rule_unknown", WARN)]


def test_failing_rule_becomes_blocking_issue(monkeypatch):
    def explode(inp, policy, cfg):
        raise RuntimeError("boom")

    monkeypatch.setitem(RULES, "size", RuleSpec("size", "Size", WARN, {}, explode))
    issues = validate(GOOD, _policy(RuleConfig("size", severity=WARN), RuleConfig("phone")))
    assert [(i.rule, i.code, i.severity, i.field) for i in issues] == [
        ("size", "rule_error", BLOCK, "order")
    ]
    assert issues[0].params == {"rule": "size", "error": "RuntimeError"}
    assert "boom" in issues[0].message


def test_issues_sorted_block_first_then_field_and_line():
    lines = (
        ResolvedLine("B", in_catalogue=False),
        ResolvedLine("A", in_catalogue=False),
    )
    inp = ValidationInput(
        customer=Customer(phone="12345", country="DE"),
        lines=lines,
        other_order_signatures=(order_signature(lines),),
    )
    policy = _policy(
        RuleConfig("duplicate", severity=WARN),
        RuleConfig("phone"),
        RuleConfig("catalogue"),
    )
    issues = validate(inp, policy)
    assert [(i.severity, i.field, i.line) for i in issues] == [
        (BLOCK, "lines", 0),
        (BLOCK, "lines", 1),
        (BLOCK, "phone", None),
        (WARN, "order", None),
    ]


def test_validation_state():
    warn = Issue(rule="duplicate", code="duplicate_order", field="order", message="", severity=WARN)
    block = Issue(rule="phone", code="phone_missing", field="phone", message="")
    assert validation_state([]) == "valid"
    assert validation_state([warn]) == "valid"
    assert validation_state([warn, block]) == "invalid"
