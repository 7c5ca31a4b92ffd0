"""Real-world delivery addresses: postal codes, house numbers, parcel lockers."""

import pytest

from clearhouse.types import WARN, Customer
from clearhouse.validation import check_address, has_house_number, is_packstation

STREETS = {
    "DE": ("Hauptstr. 5", "Berlin", ""),
    "AT": ("Stephansplatz 1", "Wien", ""),
    "CH": ("Bahnhofstrasse 1", "Zürich", ""),
    "NL": ("Damrak 1", "Amsterdam", ""),
    "FR": ("1 rue de Rivoli", "Paris", ""),
    "GB": ("10 Downing Street", "London", ""),
    "US": ("9641 Sunset Blvd", "Beverly Hills", "CA"),
}


def _customer(country_of_fixture, zip_code, **values):
    street, city, state = STREETS[country_of_fixture]
    fields = {"street": street, "city": city, "state": state, "zip": zip_code}
    fields.update({"country": country_of_fixture, **values})
    return Customer(**fields)


def _codes(issues):
    return [issue.code for issue in issues]


# country, zip, expected issue codes. A code only spelled differently (prefix, spacing,
# case) is no finding: intake stores its canonical form (``normalize_zip``).
ZIP_CASES = [
    ("DE", "10115", []),
    ("DE", "01067", []),
    ("DE", " 10115 ", []),
    ("DE", "D-10115", []),
    ("DE", "1011", ["address_zip_invalid"]),
    ("DE", "101155", ["address_zip_invalid"]),
    ("DE", "ABCDE", ["address_zip_invalid"]),
    ("AT", "1010", []),
    ("AT", "A-1010", []),
    ("AT", "10100", ["address_zip_invalid"]),
    ("CH", "8001", []),
    ("CH", "3000", []),
    ("CH", "CH-8001", []),
    ("CH", "80011", ["address_zip_invalid"]),
    ("NL", "1012 AB", []),
    ("NL", "1012AB", []),
    ("NL", "1012 ab", []),
    ("NL", "NL-1012 AB", []),
    ("NL", "1012", ["address_zip_invalid"]),
    ("NL", "0123 AB", ["address_zip_invalid"]),
    ("NL", "1012 SA", ["address_zip_invalid"]),  # SA, SD and SS are not given out
    ("FR", "75001", []),
    ("FR", "13008", []),
    ("FR", "F-75001", []),
    ("FR", "7500", ["address_zip_invalid"]),
    ("GB", "SW1A 1AA", []),
    ("GB", "sw1a 1aa", []),
    ("GB", "SW1A  1AA", []),
    ("GB", "M1 1AE", []),
    ("GB", "EC1A 1BB", []),
    ("GB", "SW1A1A", ["address_zip_invalid"]),
    ("GB", "12345", ["address_zip_invalid"]),
    ("US", "90210", []),
    ("US", "90210-1234", []),
    ("US", "902101234", []),
    ("US", "9021", ["address_zip_invalid"]),
    ("US", "10001", ["address_zip_invalid"]),  # a New York code with state CA
]


@pytest.mark.parametrize(("country", "zip_code", "codes"), ZIP_CASES)
def test_check_address_postal_codes(country, zip_code, codes):
    issues = check_address(_customer(country, zip_code))
    assert _codes(issues) == codes, f"{zip_code!r} in {country}"
    if codes:
        issue = issues[0]
        assert (issue.rule, issue.field, issue.severity) == ("address", "zip", "block")
        assert issue.params == {"zip": zip_code.strip(), "country": country}
        assert zip_code.strip() in issue.message and country in issue.message


# customer overrides, expected (code, field) pairs
ADDRESS_CASES = [
    ({"country": ""}, [("address_country_missing", "country")]),
    ({"country": "XX"}, [("address_country_unknown", "country")]),
    ({"country": "ZZ"}, [("address_country_unknown", "country")]),
    ({"country": "ALL"}, [("address_country_unknown", "country")]),
    ({"country": "D"}, [("address_country_unknown", "country")]),
    ({"country": "de"}, []),
    ({"street": ""}, [("address_field_missing", "street")]),
    ({"city": ""}, [("address_field_missing", "city")]),
    ({"zip": ""}, [("address_field_missing", "zip")]),
    (
        {"street": "", "zip": "", "city": ""},
        [
            ("address_field_missing", "city"),
            ("address_field_missing", "zip"),
            ("address_field_missing", "street"),
        ],
    ),
    ({"street": "", "street2": "Hauptstr. 5"}, []),
    ({"street": "Hauptstraße"}, [("address_house_number_missing", "street")]),
    ({"street": "Straße des 17. Juni"}, [("address_house_number_missing", "street")]),
    ({"street": "Str. des 17. Juni 114"}, []),
]


@pytest.mark.parametrize(("values", "expected"), ADDRESS_CASES)
def test_check_address_fields_de(values, expected):
    issues = check_address(_customer("DE", "10115", **values))
    assert [(i.code, i.field) for i in issues] == expected, values


@pytest.mark.parametrize(
    ("country", "street", "codes"),
    [
        ("DE", "Hauptstraße", ["address_house_number_missing"]),
        ("AT", "Mariahilfer Straße", ["address_house_number_missing"]),
        ("CH", "Bahnhofstrasse", ["address_house_number_missing"]),
        ("NL", "Damrak", ["address_house_number_missing"]),
        ("NL", "Keizersgracht 123-II", []),
        ("GB", "Rose Cottage", []),  # named houses are normal in the UK
        ("FR", "Rue de Rivoli", []),
        ("US", "Sunset Blvd", []),
    ],
)
def test_check_address_house_number_by_country(country, street, codes):
    zips = {"DE": "10115", "AT": "1010", "CH": "8001", "NL": "1012 AB"}
    zips.update({"GB": "SW1A 1AA", "FR": "75001", "US": "90210"})
    assert _codes(check_address(_customer(country, zips[country], street=street))) == codes


def test_check_address_params_and_messages():
    issues = check_address(_customer("DE", "1011", street="Hauptstraße", city=""))
    by_code = {issue.code: issue for issue in issues}
    assert by_code["address_field_missing"].params == {"field": "city", "country": "DE"}
    assert by_code["address_house_number_missing"].params == {
        "street": "Hauptstraße",
        "country": "DE",
    }
    assert "Hauptstraße" in by_code["address_house_number_missing"].message
    assert "City" in by_code["address_field_missing"].message


def test_check_address_us_state_required_and_checked():
    missing = check_address(_customer("US", "90210", state=""))
    invalid = check_address(_customer("US", "90210", state="XY"))
    assert [(i.code, i.field, i.params) for i in missing] == [
        ("address_field_missing", "state", {"field": "state", "country": "US"})
    ]
    assert [(i.code, i.field, i.params) for i in invalid] == [
        ("address_field_invalid", "state", {"field": "state", "value": "XY", "country": "US"})
    ]


def test_check_address_severity_passed_through():
    issues = check_address(_customer("DE", "1011"), severity=WARN)
    assert [(i.code, i.severity) for i in issues] == [("address_zip_invalid", WARN)]


def test_check_address_odoo_false_values_count_as_empty():
    customer = Customer(street=False, zip=False, city=False, country="DE")
    assert len(check_address(customer)) == 3


PACKSTATION_CASES = [
    ({"street": "Packstation 123"}, True),
    ({"street": "packstation 123"}, True),
    ({"street": "DHL-Packstation 105"}, True),
    ({"street": "Packstation123"}, True),
    ({"street": "Pack Station 123"}, True),
    ({"street": "Paketstation 12"}, True),
    ({"street": "Paketbox 7"}, True),
    ({"street": "Postfiliale 512"}, True),
    ({"street": "Postfach 1234"}, True),
    ({"street": "POSTFACH 12 34"}, True),
    ({"street": "Postbox 17"}, True),
    ({"street": "PO Box 123"}, True),
    ({"street": "P.O. Box 123"}, True),
    ({"street": "P. O. Box 123"}, True),
    ({"street": "Post Office Box 42"}, True),
    ({"street": "Postlagernd"}, True),
    ({"street": "Hauptbahnhof", "street2": "postlagernd"}, True),
    ({"street": "Hauptstr. 5", "company": "Postfach 10 01"}, True),
    ({"firstname": "12345678", "lastname": "Packstation"}, True),
    ({"street": "PickPost Zürich Sihlpost"}, True),
    ({"street": "Poststraße 5"}, False),
    ({"street": "Boxhagener Str. 3"}, False),
    ({"street": "Am Postplatz 1"}, False),
    ({"street": "Postgasse 3"}, False),
    ({"street": "Packhofstraße 2"}, False),
    ({"street": "Paketweg 7"}, False),
    ({"street": "Postfachstraße 1"}, False),
    ({"street": "Depot Boxweg 2"}, False),
    ({"street": "Hauptstr. 5", "company": "Post AG"}, False),
    ({"street": "Hauptstr. 5", "lastname": "Postma"}, False),
]


@pytest.mark.parametrize(("values", "expected"), PACKSTATION_CASES)
def test_is_packstation(values, expected):
    assert is_packstation(Customer(**values)) is expected, values


HOUSE_NUMBER_CASES = [
    ("Hauptstr. 5", True),
    ("Hauptstr.5", True),
    ("Am Markt 12a", True),
    ("Am Markt 12 a", True),
    ("Str. des 17. Juni 114", True),
    ("Hauptstraße 5-7", True),
    ("Hauptstraße 5/7", True),
    ("5 Main Street", True),
    ("Keizersgracht 123-II", True),
    ("Hauptstraße 5, 2. OG", True),
    ("Hauptstraße", False),
    ("Straße des 17. Juni", False),
    ("B96", False),
    ("", False),
    (None, False),
]


@pytest.mark.parametrize(("street", "expected"), HOUSE_NUMBER_CASES)
def test_has_house_number(street, expected):
    assert has_house_number(street) is expected, street
