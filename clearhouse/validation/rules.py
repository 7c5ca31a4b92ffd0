"""The campaign order rules: an explicit registry of small pure checks.

Each campaign switches rules on and off and sets their severity in Odoo
(``RuleConfig``); the checks themselves never read configuration from anywhere else,
so they can be tested with plain value objects.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from clearhouse.types import BLOCK, WARN, CampaignPolicy, Issue, RuleConfig, ValidationInput

from ._text import shorten, text
from .address import check_address, packstation_match
from .phone import normalize_phone, suggest_phone

POINTS_POLICIES = ("lte", "eq")

Check = Callable[[ValidationInput, CampaignPolicy, RuleConfig], list]


@dataclass(frozen=True)
class RuleSpec:
    """What the engine needs to run a rule and the addon to offer it for configuration."""

    code: str
    label: str
    default_severity: str
    default_params: dict = field(compare=False, hash=False)
    check: Check = field(compare=False, hash=False)


def _issue(cfg, code, field_name, message, line=None, suggestion="", **params):
    return Issue(
        rule=cfg.rule,
        code=code,
        field=field_name,
        message=message,
        severity=cfg.severity,
        line=line,
        suggestion=suggestion,
        params=params,
    )


def _quantity(line):
    """The line quantity, or None when it is not a usable positive integer."""
    quantity = line.quantity
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        return None
    return quantity


def check_phone(inp, policy, cfg):
    """Couriers call before delivery; some campaigns need a mobile for SMS notices."""
    customer = inp.customer
    raw, country = text(customer.phone), text(customer.country).upper()
    result = normalize_phone(raw, country)
    if result.reason == "missing":
        if not cfg.params.get("required", True):
            return []
        return [_issue(cfg, "phone_missing", "phone", "Phone number is missing")]
    if not result.valid:
        where = f"for {country}" if country else "without a delivery country"
        return [
            _issue(
                cfg,
                "phone_invalid",
                "phone",
                f"Phone number '{shorten(raw)}' is not valid {where}",
                suggestion=suggest_phone(raw, country),
                phone=shorten(raw),
                country=country,
                reason=result.reason,
            )
        ]
    if cfg.params.get("mobile_required", False) and not result.is_mobile:
        return [
            _issue(
                cfg,
                "phone_not_mobile",
                "phone",
                f"Phone number '{result.e164}' is not a mobile number",
                phone=result.e164,
                country=country,
            )
        ]
    return []


def check_address_rule(inp, policy, cfg):
    """Required fields, postal code format and house number per delivery country."""
    return check_address(inp.customer, severity=cfg.severity)


def check_country(inp, policy, cfg):
    """Campaigns ship to a fixed set of countries (postage, customs, legal terms)."""
    allowed = tuple(text(c).upper() for c in policy.allowed_countries if text(c))
    if not allowed:
        return []
    country = text(inp.customer.country).upper()
    if country in allowed:
        return []
    shown = ", ".join(allowed)
    message = (
        f"Country '{shorten(country)}' is not allowed; the campaign ships to {shown}"
        if country
        else f"Delivery country is missing; the campaign ships to {shown}"
    )
    return [
        _issue(
            cfg,
            "country_not_allowed",
            "country",
            message,
            country=shorten(country),
            allowed=shown,
        )
    ]


def check_packstation(inp, policy, cfg):
    """Bulky premiums or ID-checked deliveries cannot go to lockers and post boxes."""
    match = packstation_match(inp.customer)
    if match is None:
        return []
    source, value = match
    return [
        _issue(
            cfg,
            "packstation_not_allowed",
            "street",
            f"Delivery to a parcel locker or post box ('{shorten(value)}') is not allowed",
            value=shorten(value),
            source=source,
        )
    ]


def check_size(inp, policy, cfg):
    """Textiles without a valid size cannot be picked."""
    issues = []
    for index, line in enumerate(inp.lines):
        sizes = tuple(text(s) for s in (line.sizes or ()))
        if not sizes:
            continue
        size, sku, shown = text(line.size), shorten(line.sku), ", ".join(sizes)
        if not size:
            issues.append(
                _issue(
                    cfg,
                    "size_missing",
                    "lines",
                    f"Line {index + 1}: size is missing for '{sku}' (sizes: {shown})",
                    line=index,
                    sku=sku,
                    sizes=shown,
                )
            )
        elif size not in sizes:
            suggestion = next((s for s in sizes if s.casefold() == size.casefold()), "")
            issues.append(
                _issue(
                    cfg,
                    "size_unknown",
                    "lines",
                    f"Line {index + 1}: size '{shorten(size)}' does not exist for '{sku}'"
                    f" (sizes: {shown})",
                    line=index,
                    suggestion=suggestion,
                    sku=sku,
                    size=shorten(size),
                    sizes=shown,
                )
            )
    return issues


def check_catalogue(inp, policy, cfg):
    """Only the campaign's premiums can be ordered, in positive quantities."""
    issues = []
    for index, line in enumerate(inp.lines):
        sku = shorten(line.sku)
        if not line.in_catalogue:
            issues.append(
                _issue(
                    cfg,
                    "product_not_in_catalogue",
                    "lines",
                    f"Line {index + 1}: premium '{sku}' is not in the campaign catalogue",
                    line=index,
                    sku=sku,
                )
            )
        if _quantity(line) is None:
            issues.append(
                _issue(
                    cfg,
                    "quantity_invalid",
                    "lines",
                    f"Line {index + 1}: quantity '{shorten(line.quantity)}' for '{sku}'"
                    " is not a positive number",
                    line=index,
                    sku=sku,
                    quantity=line.quantity
                    if isinstance(line.quantity, int)
                    else shorten(line.quantity),
                )
            )
    return issues


def order_points(lines):
    """Points an order costs; unknown premiums and invalid quantities cost nothing here
    because the catalogue rule already reports them."""
    return sum(
        (line.points or 0) * _quantity(line)
        for line in lines
        if line.in_catalogue and _quantity(line) is not None
    )


def check_points(inp, policy, cfg):
    """Participants pay with points; the balance comes with the order."""
    if policy.points_policy not in POINTS_POLICIES:
        raise ValueError(f"Unknown points policy {policy.points_policy!r}")
    total, balance = order_points(inp.lines), inp.declared_points
    if balance is None:
        return [
            _issue(
                cfg,
                "points_balance_missing",
                "points",
                f"Points balance is missing; the order costs {total} points",
                total=total,
                balance=None,
            )
        ]
    if policy.points_policy == "lte" and total > balance:
        code, message = (
            "points_exceeded",
            f"The order costs {total} points but the balance is only {balance}",
        )
    elif policy.points_policy == "eq" and total != balance:
        code, message = (
            "points_not_equal",
            f"The order costs {total} points but must use exactly the balance of {balance}",
        )
    else:
        return []
    return [_issue(cfg, code, "points", message, total=total, balance=balance)]


def check_max_per_participant(inp, policy, cfg):
    """Limited premiums: earlier orders and repeated lines of one order both count."""
    issues = []
    ordered = {}
    for index, line in enumerate(inp.lines):
        quantity = _quantity(line)
        if quantity is None:
            continue
        sku = text(line.sku)
        if sku not in ordered:
            ordered[sku] = max(line.already_ordered or 0, 0)
        ordered[sku] += quantity
        maximum = line.max_per_participant or 0
        if maximum > 0 and ordered[sku] > maximum:
            issues.append(
                _issue(
                    cfg,
                    "max_exceeded",
                    "lines",
                    f"Line {index + 1}: '{shorten(sku)}' may be ordered at most {maximum} times"
                    f" per participant; with this order it would be {ordered[sku]}",
                    line=index,
                    sku=shorten(sku),
                    quantity=quantity,
                    already=line.already_ordered or 0,
                    max=maximum,
                )
            )
    return issues


def order_signature(lines):
    """A stable fingerprint of what an order asks for, to spot repeated submissions.

    Independent of line order and of splitting a quantity over several lines, so
    "2 x A" and "A, A" count as the same order.
    """
    totals = {}
    for line in lines:
        key = (text(line.sku), text(getattr(line, "size", "")))
        quantity = line.quantity if isinstance(line.quantity, int) else 0
        totals[key] = totals.get(key, 0) + quantity
    payload = json.dumps(sorted([sku, size, qty] for (sku, size), qty in totals.items()))
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def check_duplicate(inp, policy, cfg):
    """The same participant sending the same order twice is usually a double click."""
    if not inp.lines:
        return []
    signature = order_signature(inp.lines)
    if signature not in set(inp.other_order_signatures or ()):
        return []
    return [
        _issue(
            cfg,
            "duplicate_order",
            "order",
            "The participant already placed an order with the same premiums",
            signature=signature,
        )
    ]


RULES = {
    spec.code: spec
    for spec in (
        RuleSpec(
            "phone",
            "Phone number",
            BLOCK,
            {"required": True, "mobile_required": False},
            check_phone,
        ),
        RuleSpec("address", "Delivery address", BLOCK, {}, check_address_rule),
        RuleSpec("country", "Delivery country allowed", BLOCK, {}, check_country),
        RuleSpec("packstation", "No parcel lockers or post boxes", BLOCK, {}, check_packstation),
        RuleSpec("size", "Size chosen", BLOCK, {}, check_size),
        RuleSpec("catalogue", "Premium in catalogue", BLOCK, {}, check_catalogue),
        RuleSpec("points", "Points balance", BLOCK, {}, check_points),
        RuleSpec(
            "max_per_participant",
            "Maximum per participant",
            BLOCK,
            {},
            check_max_per_participant,
        ),
        RuleSpec("duplicate", "Duplicate order", WARN, {}, check_duplicate),
    )
}
