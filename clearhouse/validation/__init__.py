"""Campaign order validation: pure rules that turn an order into a list of ``Issue``s."""

from .address import (
    HOUSE_NUMBER_COUNTRIES,
    check_address,
    has_house_number,
    is_packstation,
    normalize_customer,
    normalize_zip,
)
from .engine import default_rule_configs, validate, validation_state
from .phone import PhoneCheck, normalize_phone, suggest_phone
from .rules import RULES, RuleSpec, order_points, order_signature

__all__ = [
    "HOUSE_NUMBER_COUNTRIES",
    "RULES",
    "PhoneCheck",
    "RuleSpec",
    "check_address",
    "default_rule_configs",
    "has_house_number",
    "is_packstation",
    "normalize_customer",
    "normalize_phone",
    "normalize_zip",
    "order_points",
    "order_signature",
    "suggest_phone",
    "validate",
    "validation_state",
]
