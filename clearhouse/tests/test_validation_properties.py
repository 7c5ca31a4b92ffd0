"""Intake delivers arbitrary text: the validation must never raise on it."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhouse.types import (
    BLOCK,
    SEVERITIES,
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
    PhoneCheck,
    check_address,
    default_rule_configs,
    has_house_number,
    is_packstation,
    normalize_phone,
    order_signature,
    validate,
    validation_state,
)
from clearhouse.validation.phone import REASONS

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FRAGMENTS = [
    "Packstation 123",
    "P.O. Box 7",
    "Hauptstr. 5",
    "Straße des 17. Juni",
    "10115",
    "SW1A 1AA",
    "+49 151 23456789",
    "030 1234567",
    "DE",
    "US",
    "CA",
    "\x00",
    "\n",
    "\u202e",
]
COUNTRIES = ["DE", "AT", "CH", "NL", "FR", "GB", "US", "CN", "de", "", "XX", "ZZ", "ALL", "D"]

# Any unicode text including control characters, real-looking fragments, and now
# and then a huge string made by repeating a short one.
texts = st.one_of(
    st.text(),
    st.text(st.characters(max_codepoint=0x7F)),
    st.sampled_from(FRAGMENTS),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=6).map(" ".join),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(1_000, 30_000)),
)
countries = st.one_of(st.sampled_from(COUNTRIES), texts)

customers = st.builds(
    Customer,
    firstname=texts,
    lastname=texts,
    company=texts,
    email=texts,
    phone=texts,
    street=texts,
    street2=texts,
    zip=texts,
    city=texts,
    state=texts,
    country=countries,
)
lines = st.builds(
    ResolvedLine,
    sku=texts,
    quantity=st.integers(-3, 10**9),
    in_catalogue=st.booleans(),
    points=st.integers(0, 10**6),
    sizes=st.lists(texts, max_size=3).map(tuple),
    size=texts,
    max_per_participant=st.integers(0, 5),
    already_ordered=st.integers(0, 5),
)
inputs = st.builds(
    ValidationInput,
    customer=customers,
    lines=st.lists(lines, max_size=4).map(tuple),
    declared_points=st.one_of(st.none(), st.integers(-10, 10**9)),
    other_order_signatures=st.lists(texts, max_size=2).map(tuple),
)
rule_configs = st.builds(
    RuleConfig,
    rule=st.sampled_from([*RULES, "nonsense"]),
    active=st.booleans(),
    severity=st.sampled_from([BLOCK, WARN, "odd"]),
    params=st.dictionaries(st.sampled_from(["required", "mobile_required", "x"]), st.booleans()),
)
policies = st.builds(
    CampaignPolicy,
    allowed_countries=st.lists(countries, max_size=3).map(tuple),
    points_policy=st.sampled_from(["lte", "eq"]),
    rules=st.one_of(
        st.just(default_rule_configs()),
        st.lists(rule_configs, max_size=10).map(tuple),
    ),
)


def _issue_shape(issue):
    assert isinstance(issue, Issue)
    assert issue.severity in SEVERITIES
    assert isinstance(issue.code, str) and issue.code
    assert isinstance(issue.message, str) and issue.message
    assert isinstance(issue.field, str) and isinstance(issue.suggestion, str)
    assert issue.line is None or isinstance(issue.line, int)
    assert isinstance(issue.params, dict)
    assert issue.code != "rule_error", issue.message


@SETTINGS
@given(inputs, policies)
def test_validate_never_raises_and_is_deterministic(inp, policy):
    issues = validate(inp, policy)
    assert isinstance(issues, list)
    for issue in issues:
        _issue_shape(issue)
    again = validate(inp, policy)
    assert again == issues
    assert [i.params for i in again] == [i.params for i in issues]
    assert validation_state(issues) in ("valid", "invalid")


@SETTINGS
@given(st.one_of(st.none(), texts), countries)
def test_normalize_phone_never_raises(raw, country):
    result = normalize_phone(raw, country)
    assert isinstance(result, PhoneCheck)
    assert result.reason in REASONS
    assert result.valid == (result.reason == "")
    assert not result.valid or result.e164.startswith("+")
    assert not result.is_mobile or result.valid


@SETTINGS
@given(customers)
def test_check_address_never_raises(customer):
    issues = check_address(customer)
    assert isinstance(issues, list)
    for issue in issues:
        _issue_shape(issue)
        assert issue.rule == "address"


@SETTINGS
@given(customers)
def test_is_packstation_never_raises(customer):
    assert isinstance(is_packstation(customer), bool)


@SETTINGS
@given(texts)
def test_has_house_number_never_raises(street):
    assert isinstance(has_house_number(street), bool)


@SETTINGS
@given(st.lists(lines, max_size=5), st.randoms(use_true_random=False))
def test_order_signature_independent_of_line_order(order_lines, rnd):
    shuffled = list(order_lines)
    rnd.shuffle(shuffled)
    assert order_signature(order_lines) == order_signature(shuffled)
