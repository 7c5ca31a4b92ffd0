"""Fixes a clearing clerk can apply with one click, for the findings of the validation.

Every suggestion is checked with the same helpers the validation uses
(``clearhouse.validation``), so applying one never trades a finding for another; what
cannot be checked is offered as a hint (``applicable=False``) for the clerk to read.
"""

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from clearhouse.types import Customer
from clearhouse.validation import (
    check_address,
    has_house_number,
    normalize_phone,
    normalize_zip,
    suggest_phone,
)
from clearhouse.validation._text import shorten, text

# Neighbouring countries whose numbers participants give for a delivery elsewhere.
DEFAULT_PHONE_REGIONS = ("DE", "AT", "CH")
_MAX_VALUE = 256  # longer field values are not worth guessing at
_COUNTRY_PREFIX = re.compile(r"^[A-Za-z]{1,3}\s*-\s*")  # "D-1067": prefix plus lost zero
_HOUSE_NUMBER = r"[0-9]{1,5}(?:\s?[a-zA-Z])?(?:\s?[-/]\s?[0-9]{1,5}(?:\s?[a-zA-Z])?)?"
_HOUSE_NUMBER_ONLY = re.compile(
    r"(?:(?:nr|no|hnr|hausnummer|haus-nr)\.?\s*)?(" + _HOUSE_NUMBER + r")", re.IGNORECASE
)
_NAME_WITH_NUMBER = re.compile(r"(.*[^\W\d_].*?)\s+(" + _HOUSE_NUMBER + r")")
_GLUED_NUMBER = re.compile(r"(.*[^\W\d_.])(" + _HOUSE_NUMBER + r")")
_NAME_FIELDS = ("company", "lastname", "firstname")


@dataclass(frozen=True)
class Suggestion:
    """Set ``field`` to ``value`` (and every ``extra`` (field, value) pair with it).

    ``code`` selects the translated label in the addon; ``label`` is the English text.
    A hint (``applicable=False``) only points the clerk at a field.
    """

    field: str
    value: str
    label: str
    code: str = ""
    extra: tuple = ()
    applicable: bool = True

    @property
    def changes(self):
        """Every field the suggestion writes, as the addon applies them."""
        return dict(((self.field, self.value), *self.extra)) if self.applicable else {}


def _customer(context, field, value):
    """A Customer from the order context with the value under review put in its field."""
    names = {f.name for f in dataclasses.fields(Customer)}
    if isinstance(context, Customer):
        values = dataclasses.asdict(context)
    elif isinstance(context, Mapping):
        values = {name: context.get(name) for name in names}
    else:
        values = {}
    values = {name: text(values.get(name))[:_MAX_VALUE] for name in names}
    if field in names:
        values[field] = text(value)[:_MAX_VALUE]
    return Customer(**values)


def _context_get(context, key, default):
    return context.get(key, default) if isinstance(context, Mapping) else default


def suggest_phone_fixes(field, value, context):
    """E.164 for numbers that only lack a "+", or mobile numbers of a neighbouring country
    (a German mobile for a delivery to Switzerland)."""
    raw = text(value)[:_MAX_VALUE]
    if not raw:
        return []
    country = _customer(context, field, value).country.upper()
    suggestions = []
    check = normalize_phone(raw, country)
    if check.valid:
        if check.e164 != raw:
            suggestions.append(
                Suggestion("phone", check.e164, "Use the international format", "phone_e164")
            )
        return suggestions
    plus = suggest_phone(raw, country)
    if plus:
        suggestions.append(
            Suggestion("phone", plus, f"Add the missing '+': {plus}", "phone_missing_plus")
        )
    regions = _context_get(context, "phone_regions", DEFAULT_PHONE_REGIONS)
    if isinstance(regions, str):
        regions = (regions,)
    if not isinstance(regions, (list, tuple, set, frozenset)):
        regions = DEFAULT_PHONE_REGIONS
    for region in regions:
        if not isinstance(region, str) or region == country:
            continue
        other = normalize_phone(raw, region)
        # Mobile numbers only: fixed-line plans (AT) accept almost any digit string.
        if other.valid and other.is_mobile and other.e164 not in {s.value for s in suggestions}:
            suggestions.append(
                Suggestion(
                    "phone",
                    other.e164,
                    f"Valid as a number from {region}: {other.e164}",
                    "phone_other_country",
                )
            )
    return suggestions


def _zip_valid(customer, zip_code):
    """Whether ``zip_code`` passes the address check of the customer's country."""
    issues = check_address(dataclasses.replace(customer, zip=zip_code))
    return not any(
        i.field == "zip" and i.code in ("address_zip_invalid", "address_field_missing")
        for i in issues
    )


def _repair_zip(customer, raw):
    """A valid postal code made of ``raw`` as (zip, code), or None.

    The code "" means ``raw`` is valid and canonical already; "zip_cleaned" that it is
    valid in another spelling (``normalize_zip``: "D-10115" -> "10115", "sw1a  1aa" ->
    "SW1A 1AA"); "zip_leading_zero" restores the zero spreadsheets drop ("1067").
    """
    if not raw or len(raw) > 32:
        return None
    canonical = normalize_zip(raw, customer.country)
    if canonical is not None and _zip_valid(customer, canonical):
        return canonical, "" if canonical == raw else "zip_cleaned"
    stripped = _COUNTRY_PREFIX.sub("", raw)
    # One zero only: five-digit codes never start with "00" in DE, FR or the US.
    if stripped.isdigit() and len(stripped) == 4:
        padded = normalize_zip("0" + stripped, customer.country)
        if padded is not None and _zip_valid(customer, padded):
            return padded, "zip_leading_zero"
    return None


def _is_city(value):
    """Two letters at least: "D -" left over from "D - 80331" is no city."""
    return sum(ch.isalpha() for ch in value) >= 2


def _split_zip_city(customer, combined):
    """(zip, city) out of "10115 Berlin" or "Berlin 10115", else None."""
    tokens = combined.split()
    if not 2 <= len(tokens) <= 8:
        return None
    for cut in range(1, len(tokens)):
        head, tail = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        for zip_part, city in ((head, tail), (tail, head)):
            repaired = (
                _repair_zip(customer, zip_part) if any(c.isdigit() for c in zip_part) else None
            )
            if repaired and _is_city(city):
                return repaired[0], city
    return None


_ZIP_LABELS = {
    "zip_cleaned": "Use the postal code {zip}",
    "zip_leading_zero": "Restore the leading zero: {zip}",
}


def suggest_zip_city_fixes(field, value, context):
    """Postal code and city swapped, merged into one field, prefixed or short of a zero."""
    customer = _customer(context, field, value)
    zip_code, city = customer.zip, customer.city
    if not re.fullmatch(r"[A-Z]{2}", customer.country):
        return []
    repaired = _repair_zip(customer, zip_code)
    if repaired and not repaired[1]:
        return []  # valid and canonical: nothing to fix
    suggestions = []

    def add(new_zip, new_city, label, code):
        extra = (("city", new_city),) if new_city != city else ()
        candidate = Suggestion("zip", new_zip, label, code, extra)
        if (new_zip, new_city) != (zip_code, city) and candidate.changes not in [
            s.changes for s in suggestions
        ]:
            suggestions.append(candidate)

    if repaired:
        add(repaired[0], city, _ZIP_LABELS[repaired[1]].format(zip=repaired[0]), repaired[1])
        return suggestions  # the field holds a postal code: nothing to swap or split
    swapped = _repair_zip(customer, city) if _is_city(zip_code) else None
    if swapped:
        label = f"Swap postal code and city: {swapped[0]} {zip_code}"
        add(swapped[0], zip_code, label, "zip_city_swapped")
    for combined in (zip_code, city):
        split = _split_zip_city(customer, combined)
        if split:
            label = f"Split '{shorten(combined)}' into postal code {split[0]} and city {split[1]}"
            add(split[0], split[1], label, "zip_city_split")
    return suggestions


def _with_number(street, number):
    return f"{street} {' '.join(number.split())}"


def suggest_house_number_fixes(field, value, context):
    """The number glued to the street, or typed into street 2 or a name field."""
    customer = _customer(context, field, value)
    street = customer.street
    if not street or has_house_number(street):
        return []
    suggestions = []
    glued = _GLUED_NUMBER.fullmatch(street)
    if glued and has_house_number(_with_number(glued.group(1), glued.group(2))):
        fixed = _with_number(glued.group(1), glued.group(2))
        suggestions.append(
            Suggestion("street", fixed, f"Separate the house number: {fixed}", "street_glued")
        )
    for source in ("street2", *_NAME_FIELDS):
        content = getattr(customer, source)
        if not content or not has_house_number(content):
            continue
        only = _HOUSE_NUMBER_ONLY.fullmatch(content)
        named = _NAME_WITH_NUMBER.fullmatch(content) if source in _NAME_FIELDS else None
        if only:
            fixed = _with_number(street, only.group(1))
            suggestions.append(
                Suggestion(
                    "street",
                    fixed,
                    f"Move the house number from {source}: {fixed}",
                    "house_number_moved",
                    ((source, ""),),
                )
            )
        elif named:
            fixed = _with_number(street, named.group(2))
            suggestions.append(
                Suggestion(
                    "street",
                    fixed,
                    f"Move the house number from {source}: {fixed}",
                    "house_number_moved",
                    ((source, named.group(1).strip()),),
                )
            )
        else:
            suggestions.append(
                Suggestion(
                    source,
                    content,
                    f"{source} contains a number ('{shorten(content)}'); it may be the house"
                    " number",
                    "house_number_hint",
                    applicable=False,
                )
            )
    return suggestions


def _zip_city_for_fields(field, value, context):
    if field not in ("zip", "city"):
        return []
    return suggest_zip_city_fixes(field, value, context)


SUGGESTERS = {
    "phone_invalid": suggest_phone_fixes,
    "address_zip_invalid": suggest_zip_city_fixes,
    "address_field_invalid": _zip_city_for_fields,
    "address_field_missing": _zip_city_for_fields,
    "address_house_number_missing": suggest_house_number_fixes,
}


def suggest_fixes(issue_code, field, value, context=None):
    """Fixes for one validation finding; ``context`` is the order's Customer or a mapping
    of its fields (plus ``phone_regions``). Unknown codes get none; never raises."""
    suggester = SUGGESTERS.get(issue_code) if isinstance(issue_code, str) else None
    if suggester is None:
        return []
    return suggester(text(field), value, context)
