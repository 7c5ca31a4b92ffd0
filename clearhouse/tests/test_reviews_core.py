"""Review requests: schedule, blocks, steering, URLs, rating tokens, suppression."""

import datetime

import pytest

from clearhouse.errors import InputError
from clearhouse.reviews import (
    blocks,
    ratings,
    render,
    schedule,
    steering,
    suppression,
    tokens,
    urls,
)

UTC = datetime.timezone.utc


def dt(*args):
    return datetime.datetime(*args, tzinfo=UTC)


# --- schedule ---------------------------------------------------------------------------

WORKDAYS = schedule.SendWindow(9, 18, frozenset(range(5)), "Europe/Berlin")


@pytest.mark.parametrize(
    "now, cap, sent, action",
    [
        (dt(2026, 12, 8, 10), 0, 0, schedule.WAIT),  # day 6: not due
        (dt(2026, 12, 9, 8, 59), 0, 0, schedule.WAIT),  # day 7 but before delivery time
        (dt(2026, 12, 9, 9, 0), 0, 0, schedule.SEND),  # day 7 10:00 Berlin
        (dt(2026, 12, 9, 17, 0), 0, 0, schedule.WINDOW),  # 18:00 Berlin: closed
        (dt(2026, 12, 12, 10), 0, 0, schedule.WINDOW),  # Saturday
        (dt(2026, 12, 14, 10), 0, 0, schedule.SEND),  # Monday after
        (dt(2026, 12, 9, 10), 100, 99, schedule.SEND),
        (dt(2026, 12, 9, 10), 100, 100, schedule.CAP),
    ],
)
def test_decide(now, cap, sent, action):
    delivered = dt(2026, 12, 2, 9, 0)  # Wednesday 10:00 Berlin
    decision = schedule.decide(delivered, now, 7, WORKDAYS, cap, sent)
    assert decision.action == action
    assert decision.due_at == dt(2026, 12, 9, 9, 0)


@pytest.mark.parametrize(
    "due, opening",
    [
        (dt(2026, 12, 9, 9, 0), dt(2026, 12, 9, 9, 0)),  # inside: itself
        (dt(2026, 12, 9, 5, 0), dt(2026, 12, 9, 8, 0)),  # 06:00 Berlin -> 09:00
        (dt(2026, 12, 9, 20, 0), dt(2026, 12, 10, 8, 0)),  # evening -> next morning
        (dt(2026, 12, 11, 20, 0), dt(2026, 12, 14, 8, 0)),  # Friday evening -> Monday
        (dt(2026, 7, 4, 12, 0), dt(2026, 7, 6, 7, 0)),  # summer time: 09:00 CEST
    ],
)
def test_next_opening(due, opening):
    assert WORKDAYS.next_opening(due) == opening


@pytest.mark.parametrize(
    "moment, start",
    [
        (dt(2026, 12, 9, 22, 30), dt(2026, 12, 8, 23, 0)),  # 23:30 Berlin, day began 23:00 UTC
        (dt(2026, 12, 9, 23, 30), dt(2026, 12, 9, 23, 0)),  # already the 10th in Berlin
        (dt(2026, 7, 9, 12, 0), dt(2026, 7, 8, 22, 0)),  # summer time
    ],
)
def test_day_start(moment, start):
    assert WORKDAYS.day_start(moment) == start


def test_naive_datetimes_are_utc():
    decision = schedule.decide(
        datetime.datetime(2026, 12, 2, 9), datetime.datetime(2026, 12, 9, 9), 7, WORKDAYS
    )
    assert decision.action == schedule.SEND


@pytest.mark.parametrize(
    "kwargs", [{"hour_from": 18, "hour_to": 9}, {"weekdays": frozenset()}, {"tz": "Mars/Base"}]
)
def test_bad_window_refused(kwargs):
    with pytest.raises(Exception):  # noqa: B017 (ValueError or ZoneInfoNotFoundError)
        schedule.SendWindow(**kwargs)


@pytest.mark.parametrize("delay", [-1, 1.5, True, None])
def test_bad_delay_refused(delay):
    with pytest.raises(ValueError):
        schedule.due_at(dt(2026, 1, 1), delay)


@pytest.mark.parametrize(
    "cap, sent, batch, expected",
    [(0, 500, 200, 200), (100, 0, 200, 100), (100, 90, 200, 10), (100, 120, 200, 0), (5, 0, 0, 0)],
)
def test_allowance(cap, sent, batch, expected):
    assert schedule.allowance(cap, sent, batch) == expected


# --- blocks -----------------------------------------------------------------------------

SHOP, OTHER_SHOP = 1, 2
SHOES, BOOKS = 10, 20
BLOCKS = [
    blocks.Block("greet-de", "greeting", 1, "de_DE"),
    blocks.Block("greet-en", "greeting", 1, "en_US"),
    blocks.Block("thanks-any", "thanks", 2, ""),
    blocks.Block("thanks-big-de", "thanks", 2, "de_DE", min_amount=100),
    blocks.Block("shoe-de", "product", 5, "de_DE", category_ids=frozenset({SHOES})),
    blocks.Block("product-de", "product", 6, "de_DE"),
    blocks.Block("product-en", "product", 6, "en_US"),
    blocks.Block("rating-de", "rating", 7, "de_DE"),
    blocks.Block("platform-shop2-de", "platform", 8, "de_DE", source_ids=frozenset({OTHER_SHOP})),
    blocks.Block("footer-de", "footer", 9, "de_DE"),
    blocks.Block("footer-en", "footer", 9, "en_US"),
    blocks.Block("books-tip-de", "text", 4, "de_DE", category_ids=frozenset({BOOKS})),
]


def keys(selected):
    return [b.key for b in selected]


@pytest.mark.parametrize(
    "facts, expected",
    [
        (
            blocks.OrderFacts(SHOP, 50.0, "de_DE", frozenset({SHOES})),
            ["greet-de", "thanks-any", "shoe-de", "product-de", "rating-de", "footer-de"],
        ),
        (  # order value condition: the German big-order thanks beats "any language"
            blocks.OrderFacts(SHOP, 150.0, "de_DE", frozenset({BOOKS})),
            ["greet-de", "thanks-big-de", "books-tip-de", "shoe-de", "product-de"]
            + ["rating-de", "footer-de"],
        ),
        (  # de_AT falls back to de_DE; shop 2 gets its platform block
            blocks.OrderFacts(OTHER_SHOP, 10.0, "de_AT", frozenset()),
            ["greet-de", "thanks-any", "shoe-de", "product-de", "rating-de"]
            + ["platform-shop2-de", "footer-de"],
        ),
        (  # French falls back to English; the rating block exists only in German: left out
            blocks.OrderFacts(SHOP, 10.0, "fr_FR", frozenset()),
            ["greet-en", "thanks-any", "product-en", "footer-en"],
        ),
    ],
)
def test_select_blocks(facts, expected):
    assert keys(blocks.select_blocks(BLOCKS, facts)) == expected


@pytest.mark.parametrize(
    "line_categories, expected",
    [({SHOES}, "shoe-de"), ({BOOKS}, "product-de"), (set(), "product-de")],
)
def test_product_block_per_line(line_categories, expected):
    chosen = blocks.select_blocks(BLOCKS, blocks.OrderFacts(SHOP, 1.0, "de_DE", frozenset()))
    assert blocks.product_block_for_line(chosen, line_categories).key == expected


def test_no_product_block_when_none_fits():
    only_shoes = [blocks.Block("s", "product", 1, "", category_ids=frozenset({SHOES}))]
    assert blocks.product_block_for_line(only_shoes, {BOOKS}) is None


def test_bad_block_refused():
    with pytest.raises(ValueError):
        blocks.Block("x", "poem")
    with pytest.raises(ValueError):
        blocks.Block("x", "thanks", min_amount=10, max_amount=5)


# --- steering ---------------------------------------------------------------------------

TRUSTED = steering.Platform(
    "trusted", "https://ts.example/r?o={order_ref}", "https://ts.example/p/{sku}?o={order_ref}"
)
GOOGLE = steering.Platform("google", "https://g.example/review")
SPLIT = steering.Rule(
    "shop-rule",
    (steering.PlatformWeight("trusted", 70), steering.PlatformWeight("google", 30)),
    source_ids=frozenset({SHOP}),
)


@pytest.mark.parametrize(
    "weights",
    [(70, 30), (50, 50), (90, 10), (20, 30, 50), (1, 99)],
)
def test_steering_split_within_one_point(weights):
    """Acceptance 3: 10,000 customers split within 1 percentage point of the weights."""
    rule = steering.Rule(
        f"rule-{weights}",
        tuple(steering.PlatformWeight(f"p{i}", w) for i, w in enumerate(weights)),
    )
    counts = dict.fromkeys((f"p{i}" for i in range(len(weights))), 0)
    for n in range(10_000):
        counts[steering.choose_weight(rule, f"customer{n}@example.com").platform] += 1
    total = sum(weights)
    for i, weight in enumerate(weights):
        share = counts[f"p{i}"] / 10_000 * 100
        assert abs(share - weight / total * 100) <= 1.0, (weights, counts)


def test_same_customer_same_platform():
    first = steering.choose_weight(SPLIT, "Anna.Schneider@Example.com ").platform
    for spelling in ["anna.schneider@example.com", " ANNA.SCHNEIDER@EXAMPLE.COM"]:
        assert steering.choose_weight(SPLIT, spelling).platform == first


def test_rules_deal_independently():
    """A customer's slot depends on the rule: two 50/50 rules do not put the same half
    of the customers on the first platform."""
    emails = [f"c{n}@example.com" for n in range(2_000)]
    a = {e for e in emails if steering.customer_slot(e, "rule-a") < 5_000}
    b = {e for e in emails if steering.customer_slot(e, "rule-b") < 5_000}
    assert 0.4 < len(a & b) / len(a) < 0.6


def test_zero_weight_never_chosen():
    rule = steering.Rule("z", (steering.PlatformWeight("off", 0), steering.PlatformWeight("on", 1)))
    assert {steering.choose_weight(rule, f"{n}@x.de").platform for n in range(500)} == {"on"}


@pytest.mark.parametrize(
    "weights",
    [(), (steering.PlatformWeight("a", 0),), (steering.PlatformWeight("a", -1),)],
)
def test_bad_rule_refused(weights):
    with pytest.raises(ValueError):
        steering.Rule("bad", weights)


RULES = [
    SPLIT,
    steering.Rule("general", (steering.PlatformWeight("google", 1),), sequence=99),
    steering.Rule(
        "books", (steering.PlatformWeight("amazon", 1),), category_ids=frozenset({BOOKS})
    ),
    steering.Rule("one-product", (steering.PlatformWeight("ebay", 1),), product_ids={555}),
]


@pytest.mark.parametrize(
    "source, product, categories, expected",
    [
        (SHOP, 1, set(), "shop-rule"),
        (OTHER_SHOP, 1, set(), "general"),
        (SHOP, 1, {BOOKS}, "books"),
        (SHOP, 555, {BOOKS}, "one-product"),
    ],
)
def test_match_rule_most_specific(source, product, categories, expected):
    assert steering.match_rule(RULES, source, product, categories).key == expected


def test_match_rule_none():
    assert steering.match_rule(RULES[:1], OTHER_SHOP) is None


@pytest.mark.parametrize(
    "platform, weight, sku, link",
    [
        (TRUSTED, steering.PlatformWeight("trusted", 1), "SKU 1", ("ts.example/p/SKU%201", True)),
        (TRUSTED, steering.PlatformWeight("trusted", 1), "", ("ts.example/r?o=", False)),
        (
            TRUSTED,
            steering.PlatformWeight("trusted", 1, product_url=False),
            "SKU",
            ("ts.example/r?o=", False),
        ),
        (GOOGLE, steering.PlatformWeight("google", 1), "SKU", ("g.example/review", False)),
    ],
)
def test_review_link_product_or_general(platform, weight, sku, link):
    values = urls.url_values(order_ref="SO/42", sku=sku, email="a@b.de")
    got = steering.review_link(platform, weight, values)
    assert link[0] in got.url and got.product_specific is link[1]


# --- URL templates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "template, expected",
    [
        ("https://r.example/{order_ref}", "https://r.example/SO%2F42%20A%26B"),
        (
            "https://r.example/?ean={ean}&sku={sku}",
            "https://r.example/?ean=4006381333931&sku=M%C3%BCtze",
        ),
        (
            "https://r.example/?h={email_hash}",
            "https://r.example/?h=" + urls.email_hash("anna@example.com"),
        ),
        ("https://r.example/?e={email}", "https://r.example/?e=anna%40example.com"),
        ("https://r.example/{{literal}}/{sku}", "https://r.example/{literal}/M%C3%BCtze"),
        ("https://r.example/?p={product_name}", None),  # empty value: no link
        ("", None),
    ],
)
def test_render_url(template, expected):
    values = urls.url_values("SO/42 A&B", "Mütze", "4006381333931", " Anna@Example.com")
    assert urls.render_url(template, values) == expected


def test_email_hash_normalised():
    assert urls.email_hash(" A@B.de") == urls.email_hash("a@b.de")
    assert len(urls.email_hash("a@b.de")) == 64


@pytest.mark.parametrize(
    "template, code",
    [
        ("https://x/{customer_id}", "url_template_placeholder"),
        ("https://x/{sku", "url_template_malformed"),
        ("https://x/{sku!r}", "url_template_malformed"),
    ],
)
def test_bad_template_refused(template, code):
    with pytest.raises(InputError) as info:
        urls.template_fields(template)
    assert info.value.code == code


# --- rating tokens ----------------------------------------------------------------------

SECRET = "s3cret-for-tests-only-0123456789"
NOW = dt(2026, 12, 2, 12)
EXPIRES = dt(2026, 12, 30)


def test_token_roundtrip():
    token = tokens.make_token(SECRET, 42, 4, EXPIRES)
    assert tokens.read_token(SECRET, token, NOW, request_id=42) == (42, 4)


def _tamper(token, position, char):
    return token[:position] + char + token[position + 1 :]


@pytest.mark.parametrize(
    "mutate, code",
    [
        (lambda t: _tamper(t, 0, "5"), "tampered"),  # another request
        (lambda t: t.replace(".4.", ".1.", 1), "tampered"),  # another rating
        (lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), "tampered"),
        (lambda t: t.replace(".1798588800.", ".1898588800."), "tampered"),  # longer expiry
        (lambda t: t + "x", "malformed"),
        (lambda t: "", "malformed"),
        (lambda t: None, "malformed"),
        (lambda t: t.replace(".4.", ".7.", 1), "malformed"),
    ],
)
def test_tampered_token_refused(mutate, code):
    token = tokens.make_token(SECRET, 42, 4, EXPIRES)
    with pytest.raises(tokens.RatingTokenError) as info:
        tokens.read_token(SECRET, mutate(token), NOW)
    assert info.value.code == code


def test_expired_token_refused():
    token = tokens.make_token(SECRET, 42, 4, EXPIRES)
    with pytest.raises(tokens.RatingTokenError) as info:
        tokens.read_token(SECRET, token, EXPIRES)
    assert info.value.code == "expired"


def test_token_of_other_request_or_secret_refused():
    token = tokens.make_token(SECRET, 42, 4, EXPIRES)
    with pytest.raises(tokens.RatingTokenError) as info:
        tokens.read_token(SECRET, token, NOW, request_id=43)
    assert info.value.code == "wrong_request"
    with pytest.raises(tokens.RatingTokenError) as info:
        tokens.read_token(SECRET + "x", token, NOW)
    assert info.value.code == "tampered"


@pytest.mark.parametrize("args", [(0, 3), (True, 3), (1, 0), (1, 6), (1, True)])
def test_make_token_bad_input(args):
    with pytest.raises(ValueError):
        tokens.make_token(SECRET, *args, EXPIRES)


def test_short_secret_refused():
    with pytest.raises(ValueError):
        tokens.make_token("short", 1, 1, EXPIRES)


# --- ratings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "selective, gated, rating, shown",
    [
        (False, True, None, True),  # Google: policy forbids gating, always in the mail
        (False, True, 1, True),
        (True, False, 1, True),  # allowed but not switched on
        (True, True, None, False),  # gated: not in the mail
        (True, True, 2, False),
        (True, True, 4, True),
    ],
)
def test_offer_link(selective, gated, rating, shown):
    assert ratings.offer_link(selective, gated, rating) is shown


# --- suppression ------------------------------------------------------------------------

OK = suppression.SuppressionFacts(email="a@b.de", amount=50.0)


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({}, None),
        ({"email": " "}, "no_email"),
        ({"cancelled": True}, "cancelled"),
        ({"returned": True}, "returned"),
        ({"open_complaint": True}, "complaint"),
        ({"opted_out": True}, "opted_out"),
        ({"bounce_count": 2}, "bounced"),
        ({"last_asked_at": dt(2026, 11, 20), "cooldown_days": 30}, "cooldown"),
        ({"last_asked_at": dt(2026, 10, 20), "cooldown_days": 30}, None),
        ({"last_asked_at": dt(2026, 11, 20), "cooldown_days": 0}, None),
        ({"min_amount": 60.0}, "below_minimum"),
        ({"min_amount": 50.0}, None),
        ({"is_company": True, "skip_b2b": True}, "b2b"),
        ({"is_company": True}, None),
        ({"cancelled": True, "opted_out": True}, "cancelled"),
    ],
)
def test_suppression_reason(changes, reason):
    facts = suppression.SuppressionFacts(**{**OK.__dict__, **changes})
    assert suppression.suppression_reason(facts, NOW) == reason


def test_all_reasons_listed_in_order():
    facts = suppression.SuppressionFacts(
        email="",
        cancelled=True,
        returned=True,
        open_complaint=True,
        opted_out=True,
        bounce_count=1,
        last_asked_at=NOW,
        cooldown_days=1,
        amount=1,
        min_amount=2,
        is_company=True,
        skip_b2b=True,
    )
    assert tuple(suppression.suppression_reasons(facts, NOW)) == suppression.REASON_CODES


def test_optout_token():
    token = tokens.make_optout_token(SECRET, 7)
    assert tokens.check_optout_token(SECRET, 7, token)
    assert not tokens.check_optout_token(SECRET, 8, token)
    assert not tokens.check_optout_token(SECRET, 7, token[:-1] + "x")
    assert not tokens.check_optout_token(SECRET, 7, None)


# --- block placeholders -----------------------------------------------------------------


def test_fill_placeholders():
    text = "<p>Hallo {customer_name}, {order_ref} {NOT_ONE}</p>"
    assert render.placeholders_in(text) == ("customer_name", "order_ref")
    assert render.fill(text, {"customer_name": "Anna"}) == "<p>Hallo Anna,  {NOT_ONE}</p>"


def test_fill_placeholders_url_encoded_by_sanitizer():
    text = '<a href="%7Breview_url%7D">{platform_name}</a>'
    assert render.placeholders_in(text) == ("review_url", "platform_name")
    values = {"review_url": "https://r.example/x?a=1&amp;b=2", "platform_name": "G"}
    assert render.fill(text, values) == '<a href="https://r.example/x?a=1&amp;b=2">G</a>'


def test_unknown_placeholder_refused():
    with pytest.raises(InputError) as info:
        render.placeholders_in("Hi {customer_name} {password}")
    assert info.value.params["names"] == "password"
