"""Postal codes in the form the postal service prints, and customers as intake stores them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.types import Customer
from clearhouse.validation import check_address, normalize_customer, normalize_zip

# country, as typed, canonical (None: no valid form)
ZIPS = [
    ("DE", "10115", "10115"),
    ("DE", "01067", "01067"),
    ("DE", "D-80331", "80331"),
    ("DE", "D 80331", "80331"),
    ("DE", "d-01067", "01067"),
    ("DE", "DE-10115", "10115"),
    ("DE", "D–10115", "10115"),  # en dash from a word processor
    ("DE", "10 115", "10115"),
    ("DE", "１０１１５", "10115"),  # full-width digits from a Japanese keyboard layout
    ("DE", "1011", None),
    ("DE", "101155", None),
    ("DE", "", None),
    ("AT", "1010", "1010"),
    ("AT", "A-1010", "1010"),
    ("AT", "A 5020", "5020"),
    ("AT", "AT-6020", "6020"),
    ("AT", "10100", None),
    ("CH", "8001", "8001"),
    ("CH", "CH-3000", "3000"),
    ("CH", "ch 1201", "1201"),
    ("CH", "CH8001", "8001"),
    ("CH", "80011", None),
    ("LI", "FL-9490", "9490"),
    ("LU", "L-1855", "1855"),
    ("LU", "l-2449", "2449"),
    ("LU", "LU-4750", "4750"),
    ("LU", "L1855", "1855"),
    ("LU", "12345", None),
    ("NL", "1012ab", "1012 AB"),
    ("NL", "1012 ab", "1012 AB"),
    ("NL", "NL-1012AB", "1012 AB"),
    ("NL", "NL-1234 AB", "1234 AB"),
    ("NL", "2595 BE", "2595 BE"),
    ("NL", "3011AA", "3011 AA"),
    ("NL", "0123 AB", None),
    ("NL", "1012 SA", None),
    ("BE", "1000", "1000"),
    ("BE", "B-1000", "1000"),
    ("BE", "BE-9000", "9000"),
    ("BE", "100", None),
    ("FR", "75001", "75001"),
    ("FR", "F-75001", "75001"),
    ("FR", "13 008", "13008"),
    ("FR", "FR-69001", "69001"),
    ("FR", "7500", None),
    ("GB", "sw1a1aa", "SW1A 1AA"),
    ("GB", "SW1A  1AA", "SW1A 1AA"),
    ("GB", "ec1a 1bb", "EC1A 1BB"),
    ("GB", "M11AE", "M1 1AE"),
    ("GB", "L18JQ", "L1 8JQ"),  # Liverpool: the "L" is no country prefix here
    ("GB", "B33 8TH", "B33 8TH"),
    ("GB", "GIR0AA", "GIR 0AA"),
    ("GB", "SW1A1A", None),
    ("GB", "12345", None),
    ("PL", "00950", "00-950"),
    ("PL", "00-950", "00-950"),
    ("PL", "PL-31001", "31-001"),
    ("PL", "0095", None),
    ("SE", "11455", "114 55"),
    ("SE", "S-41101", "411 01"),
    ("SE", "SE-211 18", "211 18"),
    ("SE", "1145", None),
    ("DK", "1050", "1050"),
    ("DK", "DK-8000", "8000"),
    ("DK", "dk 5000", "5000"),
    ("DK", "105", None),
    ("CA", "k1a0b1", "K1A 0B1"),
    ("CA", "M5V 3L9", "M5V 3L9"),
    ("CA", "h3z-2y7", "H3Z 2Y7"),
    ("CA", "K1A 0BI", None),
    ("CA", "D1A 0B1", None),  # D is never a first letter
    ("US", "90210", "90210"),
    ("US", "902101234", "90210-1234"),
    ("US", "90210 1234", "90210-1234"),
    ("US", "10001", "10001"),
    ("US", "9021", None),
    ("US", "ABCDE", None),
    ("PT", "1000001", "1000-001"),
    ("PT", "P-4000-322", "4000-322"),
    ("IE", "d02x285", "D02 X285"),
    ("LV", "1050", "LV-1050"),
    ("LV", "lv-1050", "LV-1050"),
    ("CZ", "11000", "110 00"),
    ("FI", "FIN-00100", "00100"),
    ("MT", "vlt1117", "VLT 1117"),
    ("XX", "12345", None),  # not a country
    ("", "12345", None),
    ("DE", "1" * 30, None),
]


@pytest.mark.parametrize(("country", "typed", "canonical"), ZIPS)
def test_normalize_zip(country, typed, canonical):
    assert normalize_zip(typed, country) == canonical


@pytest.mark.parametrize(("country", "typed", "canonical"), [z for z in ZIPS if z[2]])
def test_a_normalisable_code_is_no_finding(country, typed, canonical):
    customer = Customer(street="Hauptstr. 5", city="X", zip=typed, country=country)
    assert not [issue for issue in check_address(customer) if issue.field == "zip"]


@pytest.mark.parametrize("value", [None, False, 10115, "  "])
def test_odd_values_never_raise(value):
    assert normalize_zip(value, "DE") in (None, "10115")


COUNTRIES = st.sampled_from(
    ["DE", "AT", "CH", "LU", "NL", "BE", "FR", "GB", "PL", "SE", "DK", "CA", "US"]
    + ["PT", "IE", "LV", "CZ", "MT", "JP", "BR", "KY", "AR", "IT", "de", " nl ", "XX", "", "D"]
)
ZIP_LIKE = st.from_regex(
    r"(?:[A-Za-z]{1,3}[ -]?)?[0-9A-Za-z]{1,4}[ -]?[0-9A-Za-z]{0,4}", fullmatch=True
)
ANY_ZIP = ZIP_LIKE | st.text(max_size=24) | st.none()


@given(ANY_ZIP, COUNTRIES)
def test_normalize_zip_is_idempotent_and_valid(typed, country):
    canonical = normalize_zip(typed, country)
    if canonical is None:
        return
    assert normalize_zip(canonical, country) == canonical
    customer = Customer(street="Main Street 1", city="X", zip=canonical, country=country.strip())
    assert not [issue for issue in check_address(customer) if issue.field == "zip"], canonical


def test_normalize_customer_stores_canonical_zip_and_e164_phone():
    typed = Customer(lastname="Jansen", zip="1012ab", phone="020 624 1111", country="NL")
    stored = normalize_customer(typed)
    assert (stored.zip, stored.phone) == ("1012 AB", "+31206241111")
    assert stored.lastname == "Jansen" and typed.zip == "1012ab", "a copy; the rest unchanged"


def test_normalize_customer_keeps_invalid_values_as_typed():
    typed = Customer(zip="1012", phone="12", country="NL")
    assert normalize_customer(typed) == typed, "clearing shows what the participant wrote"


@given(ANY_ZIP.filter(lambda z: z is not None), st.text(max_size=20), COUNTRIES)
def test_normalize_customer_is_idempotent(zip_code, phone, country):
    once = normalize_customer(Customer(zip=zip_code, phone=phone, country=country))
    assert normalize_customer(once) == once
