"""One-click fixes for what clerks meet every day: phone formats, postal codes, numbers."""

import pytest

from clearhouse.clearing import Suggestion, suggest_fixes
from clearhouse.types import Customer
from clearhouse.validation import check_address, normalize_phone


def _customer(**values):
    base = {"lastname": "Mustermann", "street": "Hauptstr. 5", "country": "DE"}
    return Customer(**{**base, **values})


def _changes(suggestions):
    return [s.changes for s in suggestions]


# phone --------------------------------------------------------------------------

PHONE_CASES = [
    # raw, delivery country, expected suggested values
    ("+49 (0) 151 23456789", "DE", ["+4915123456789"]),
    ("0049 151 23456789", "CH", ["+4915123456789"]),
    ("4930123456", "FR", ["+4930123456"]),  # "+" lost in a spreadsheet
    ("0151 23456789", "CH", ["+4915123456789"]),  # German mobile, Swiss delivery
    ("0151 2345", "DE", []),  # too short: nothing safe to suggest
    ("00491512345678", "DE", []),
    ("abc", "DE", []),
    ("", "DE", []),
]


@pytest.mark.parametrize(("raw", "country", "expected"), PHONE_CASES)
def test_phone_suggestions(raw, country, expected):
    suggestions = suggest_fixes("phone_invalid", "phone", raw, {"country": country})
    assert [s.value for s in suggestions] == expected, (raw, country)
    for suggestion in suggestions:
        assert suggestion.field == "phone" and suggestion.applicable
        assert normalize_phone(suggestion.value, country).valid or suggestion.code == (
            "phone_other_country"
        )


def test_phone_neighbour_regions_are_configurable():
    context = {"country": "CH", "phone_regions": ()}
    assert suggest_fixes("phone_invalid", "phone", "0151 23456789", context) == []


# postal code and city -------------------------------------------------------------

ZIP_CASES = [
    # zip, city, country, expected changes (field -> value), code
    ("Berlin", "10115", "DE", {"zip": "10115", "city": "Berlin"}, "zip_city_swapped"),
    ("Dresden", "1067", "DE", {"zip": "01067", "city": "Dresden"}, "zip_city_swapped"),
    ("D-10115", "Berlin", "DE", {"zip": "10115"}, "zip_cleaned"),
    ("D - 80331", "München", "DE", {"zip": "80331"}, "zip_cleaned"),
    ("A-1010", "Wien", "AT", {"zip": "1010"}, "zip_cleaned"),
    ("1067", "Dresden", "DE", {"zip": "01067"}, "zip_leading_zero"),
    ("D-1067", "Dresden", "DE", {"zip": "01067"}, "zip_leading_zero"),
    ("6108", "Halle", "DE", {"zip": "06108"}, "zip_leading_zero"),
    ("1000", "Bourg-en-Bresse", "FR", {"zip": "01000"}, "zip_leading_zero"),
    ("10115 Berlin", "", "DE", {"zip": "10115", "city": "Berlin"}, "zip_city_split"),
    ("", "10115 Berlin", "DE", {"zip": "10115", "city": "Berlin"}, "zip_city_split"),
    ("8001 Zürich", "", "CH", {"zip": "8001", "city": "Zürich"}, "zip_city_split"),
    ("sw1a  1aa", "London", "GB", {"zip": "SW1A 1AA"}, "zip_cleaned"),
    # A lost digit in the middle looks the same as a lost leading zero; the clerk
    # compares the suggestion with the city.
    ("1011", "Berlin", "DE", {"zip": "01011"}, "zip_leading_zero"),
]


@pytest.mark.parametrize(("zip_code", "city", "country", "changes", "code"), ZIP_CASES)
def test_zip_city_suggestions(zip_code, city, country, changes, code):
    customer = _customer(zip=zip_code, city=city, country=country, street="Stephansplatz 1")
    suggestions = suggest_fixes("address_zip_invalid", "zip", zip_code, customer)
    assert _changes(suggestions)[:1] == [changes], suggestions
    assert suggestions[0].code == code
    fixed = Customer(**{**customer.__dict__, **changes})
    assert not [i for i in check_address(fixed) if i.field == "zip"], "the fix validates"


NO_ZIP_SUGGESTION = [
    ("10115", "Berlin", "DE"),  # nothing wrong
    ("101", "Berlin", "DE"),
    ("ABCDE", "Berlin", "DE"),
    ("1010", "Wien", "AT"),
    ("12", "Berlin", "DE"),
    ("Berlin", "Hamburg", "DE"),
    ("10115", "Berlin", "XX"),
    ("10115", "Berlin", ""),
]


@pytest.mark.parametrize(("zip_code", "city", "country"), NO_ZIP_SUGGESTION)
def test_zip_city_no_suggestion(zip_code, city, country):
    customer = _customer(zip=zip_code, city=city, country=country)
    assert suggest_fixes("address_zip_invalid", "zip", zip_code, customer) == []


def test_zip_suggestions_for_a_missing_city_use_the_field_under_review():
    context = {"lastname": "X", "street": "Hauptstr. 5", "country": "DE", "zip": "", "city": ""}
    suggestions = suggest_fixes("address_field_missing", "zip", "10115 Berlin", context)
    assert _changes(suggestions) == [{"zip": "10115", "city": "Berlin"}]
    assert suggest_fixes("address_field_missing", "street", "", context) == []


# house number -----------------------------------------------------------------

HOUSE_NUMBER_CASES = [
    # fields, expected first suggestion's changes
    ({"street": "Hauptstraße", "street2": "12"}, {"street": "Hauptstraße 12", "street2": ""}),
    ({"street": "Hauptstraße", "street2": "12a"}, {"street": "Hauptstraße 12a", "street2": ""}),
    (
        {"street": "Hauptstraße", "street2": "Nr. 12-14"},
        {"street": "Hauptstraße 12-14", "street2": ""},
    ),
    ({"street": "Hauptstraße12"}, {"street": "Hauptstraße 12"}),
    (
        {"street": "Damrak", "street2": "1", "country": "NL", "zip": "1012 AB"},
        {"street": "Damrak 1", "street2": ""},
    ),
    ({"street": "Hauptstraße", "company": "7"}, {"street": "Hauptstraße 7", "company": ""}),
    (
        {"street": "Hauptstraße", "lastname": "Müller 12"},
        {"street": "Hauptstraße 12", "lastname": "Müller"},
    ),
]


@pytest.mark.parametrize(("fields", "changes"), HOUSE_NUMBER_CASES)
def test_house_number_suggestions(fields, changes):
    customer = _customer(**{"zip": "10115", "city": "Berlin", **fields})
    assert [i.code for i in check_address(customer)] == ["address_house_number_missing"]
    suggestions = suggest_fixes("address_house_number_missing", "street", customer.street, customer)
    assert _changes(suggestions)[:1] == [changes], suggestions
    fixed = Customer(**{**customer.__dict__, **changes})
    assert check_address(fixed) == [], "the fix validates"


def test_house_number_in_mixed_text_is_only_a_hint():
    customer = _customer(street="Hauptstraße", street2="Hinterhaus 12", zip="10115", city="Berlin")
    (hint,) = suggest_fixes("address_house_number_missing", "street", "Hauptstraße", customer)
    assert (hint.field, hint.applicable, hint.changes) == ("street2", False, {})
    assert "Hinterhaus 12" in hint.label


@pytest.mark.parametrize(
    "fields",
    [
        {"street": "Hauptstraße", "street2": "Hinterhaus"},
        {"street": "Straße des 17. Juni"},  # has a number: no finding, no suggestion
        {"street": "Hauptstraße", "street2": "3. OG"},  # an ordinal, not a number
        {"street": ""},
    ],
)
def test_house_number_no_suggestion(fields):
    customer = _customer(**fields)
    assert suggest_fixes("address_house_number_missing", "street", customer.street, customer) == []


# dispatch -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["points_exceeded", "", None, 42, "phone_missing"])
def test_unknown_codes_get_no_suggestion(code):
    assert suggest_fixes(code, "phone", "030 123", {"country": "DE"}) == []


def test_suggestion_changes_merge_extra_fields():
    suggestion = Suggestion("zip", "10115", "Swap", extra=(("city", "Berlin"),))
    assert suggestion.changes == {"zip": "10115", "city": "Berlin"}
