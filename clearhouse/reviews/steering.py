"""Which review platform a customer is sent to, and with which link.

Rules map a source, a product or a product category to platforms with weights
(70 % Trusted Shops, 30 % Google). The choice is deterministic per customer: a hash of
the normalised e-mail and the rule puts the customer at one point of [0, 1), the
cumulated weights cut that interval; the same customer meets the same platform
every time, and a new rule re-deals its customers independently of other rules.
"""

import hashlib
from dataclasses import dataclass

from clearhouse.reviews.urls import email_hash, normalize_email, render_url

__all__ = ["email_hash", "normalize_email"]

# The number of slots [0, 1) is cut into: weights are honoured to 1/10,000.
SLOTS = 10_000


@dataclass(frozen=True)
class PlatformWeight:
    platform: int | str
    weight: float
    product_url: bool = True  # the rule allows the platform's product link


@dataclass(frozen=True)
class Rule:
    key: int | str
    weights: tuple  # of PlatformWeight
    sequence: int = 10
    source_ids: frozenset = frozenset()  # empty = every source
    product_ids: frozenset = frozenset()
    category_ids: frozenset = frozenset()

    def __post_init__(self):
        if not self.weights:
            raise ValueError(f"rule {self.key} names no platform")
        if any(w.weight < 0 for w in self.weights) or sum(w.weight for w in self.weights) <= 0:
            raise ValueError(f"rule {self.key}: weights must be >= 0 and not all 0")

    @property
    def specificity(self):
        """Product rules before category rules before rules for whole orders."""
        if self.product_ids:
            return 0
        if self.category_ids:
            return 1
        return 2


def customer_slot(email, rule_key):
    """The customer's fixed slot in [0, SLOTS) for one rule."""
    seed = f"{rule_key}\x1f{normalize_email(email)}".encode()
    return int.from_bytes(hashlib.sha256(seed).digest()[:8], "big") % SLOTS


def choose_weight(rule, email):
    """The PlatformWeight of ``rule`` that this customer is dealt."""
    weights = [w for w in rule.weights if w.weight > 0]
    total = sum(w.weight for w in weights)
    point = customer_slot(email, rule.key) / SLOTS * total
    cumulated = 0.0
    for entry in weights:
        cumulated += entry.weight
        if point < cumulated:
            return entry
    return weights[-1]


def rule_matches(rule, source_id, product_id=None, category_ids=frozenset()):
    if rule.source_ids and source_id not in rule.source_ids:
        return False
    if rule.product_ids and product_id not in rule.product_ids:
        return False
    return not rule.category_ids or bool(rule.category_ids & frozenset(category_ids))


def match_rule(rules, source_id, product_id=None, category_ids=frozenset()):
    """The most specific matching rule (product, then category, then order), by sequence."""
    matching = [r for r in rules if rule_matches(r, source_id, product_id, category_ids)]
    if not matching:
        return None
    return min(matching, key=lambda r: (r.specificity, r.sequence, str(r.key)))


@dataclass(frozen=True)
class Platform:
    key: int | str
    url_template: str
    product_url_template: str = ""


@dataclass(frozen=True)
class Link:
    platform: int | str
    url: str
    product_specific: bool


def review_link(platform, weight, values):
    """The product link when the platform has one, the rule allows it and the product
    carries what it needs; else the platform's general link. ``values`` as for
    ``clearhouse.reviews.urls.render_url``."""
    if platform.product_url_template and weight.product_url:
        url = render_url(platform.product_url_template, values)
        if url:
            return Link(platform.key, url, True)
    return Link(platform.key, render_url(platform.url_template, values) or "", False)
