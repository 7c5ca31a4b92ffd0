"""Phone number checks on top of ``phonenumbers``.

Intake channels deliver numbers in every national and international notation; the
addon stores the E.164 form, so only numbers that are not valid at all are findings.
"""

import re
from dataclasses import dataclass

import phonenumbers

MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)
REASONS = ("", "missing", "unparseable", "invalid", "wrong_country")


@dataclass(frozen=True)
class PhoneCheck:
    """Outcome of ``normalize_phone``; ``reason`` is one of ``REASONS``."""

    valid: bool
    e164: str = ""
    is_mobile: bool = False
    reason: str = ""


def _region(country):
    """The phonenumbers region for a delivery country, or None when it knows none."""
    if not isinstance(country, str):
        return None
    region = country.strip().upper()
    return region if region in phonenumbers.SUPPORTED_REGIONS else None


def normalize_phone(raw, country):
    """Check ``raw`` against the delivery ``country`` (region for national numbers).

    Numbers with the calling code of another country stay valid: participants may
    give a foreign mobile number. Never raises, so intake can call it on any text.
    """
    if raw is None or raw is False:
        return PhoneCheck(False, reason="missing")
    raw = raw if isinstance(raw, str) else str(raw)
    if not raw.strip():
        return PhoneCheck(False, reason="missing")
    region = _region(country)
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE and not region:
            # A national number is meaningless without a known delivery country.
            return PhoneCheck(False, reason="wrong_country")
        return PhoneCheck(False, reason="unparseable")
    except Exception:  # noqa: BLE001 - phonenumbers must not break an import run
        return PhoneCheck(False, reason="unparseable")
    try:
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if not phonenumbers.is_valid_number(number):
            return PhoneCheck(False, e164=e164, reason="invalid")
        is_mobile = phonenumbers.number_type(number) in MOBILE_TYPES
    except Exception:  # noqa: BLE001 - same as above
        return PhoneCheck(False, reason="unparseable")
    return PhoneCheck(True, e164=e164, is_mobile=is_mobile)


def suggest_phone(raw, country):
    """A valid E.164 number for an invalid ``raw`` when the only mistake is a missing "+".

    Call centres often type "4915123456789"; suggesting only numbers that validate
    keeps the suggestion safe to apply.
    """
    if not isinstance(raw, str) or normalize_phone(raw, country).valid:
        return ""
    digits = re.sub(r"[^0-9]", "", raw[:250])
    if not digits or digits.startswith("0") or not re.fullmatch(r"[0-9\s()./-]+", raw.strip()):
        return ""
    check = normalize_phone("+" + digits, country)
    return check.e164 if check.valid else ""
