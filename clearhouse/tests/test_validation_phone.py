"""Real-world phone numbers as intake channels deliver them, per delivery country."""

import pytest

from clearhouse.validation import PhoneCheck, normalize_phone, suggest_phone

# raw, delivery country, valid, e164, is_mobile, reason
PHONE_CASES = [
    # Germany
    ("030 1234567", "DE", True, "+49301234567", False, ""),
    ("+49 30 1234567", "DE", True, "+49301234567", False, ""),
    ("0049 30 1234567", "DE", True, "+49301234567", False, ""),
    ("(030) 123 456-78", "DE", True, "+493012345678", False, ""),
    ("030 1234567 ext. 12", "DE", True, "+49301234567", False, ""),
    ("+49 151 23456789", "DE", True, "+4915123456789", True, ""),
    ("0151/23456789", "DE", True, "+4915123456789", True, ""),
    ("12345", "DE", False, "+4912345", False, "invalid"),
    ("0151 2345", "DE", False, "+491512345", False, "invalid"),
    ("+49 0", "DE", False, "", False, "unparseable"),
    ("Telefon", "DE", False, "", False, "unparseable"),
    # Austria
    ("01 5123456", "AT", True, "+4315123456", False, ""),
    ("0664 1234567", "AT", True, "+436641234567", True, ""),
    ("+43 664 1234567", "AT", True, "+436641234567", True, ""),
    ("066", "AT", False, "+43066", False, "invalid"),
    # Switzerland
    ("044 668 18 00", "CH", True, "+41446681800", False, ""),
    ("+41 79 123 45 67", "CH", True, "+41791234567", True, ""),
    ("079 123 45 6", "CH", False, "+41079123456", False, "invalid"),
    # Netherlands
    ("020 123 4567", "NL", True, "+31201234567", False, ""),
    ("06 12345678", "NL", True, "+31612345678", True, ""),
    ("+31 6 1234 5678", "NL", True, "+31612345678", True, ""),
    ("06 1234", "NL", False, "+3161234", False, "invalid"),
    # France
    ("01 23 45 67 89", "FR", True, "+33123456789", False, ""),
    ("06 12 34 56 78", "FR", True, "+33612345678", True, ""),
    ("+33 6 12 34 56 78", "FR", True, "+33612345678", True, ""),
    ("06 12 34 56", "FR", False, "+3306123456", False, "invalid"),
    # United Kingdom (07700 900xxx is reserved for drama, never assigned)
    ("020 7946 0958", "GB", True, "+442079460958", False, ""),
    ("07911 123456", "GB", True, "+447911123456", True, ""),
    ("+44 7911 123456", "GB", True, "+447911123456", True, ""),
    ("07700 900123", "GB", False, "+447700900123", False, "invalid"),
    # United States: phonenumbers cannot tell mobile from fixed, both count as mobile
    ("(212) 555-0123", "US", True, "+12125550123", True, ""),
    ("+1 650-253-0000", "US", True, "+16502530000", True, ""),
    ("212-555-012", "US", False, "+1212555012", False, "invalid"),
    ("555-0123", "US", False, "+15550123", False, "invalid"),
    # Foreign numbers stay valid: the calling code wins over the delivery country
    ("+44 20 7946 0958", "DE", True, "+442079460958", False, ""),
    ("+41 44 668 18 00", "AT", True, "+41446681800", False, ""),
    ("+49 151 23456789", "", True, "+4915123456789", True, ""),
    # Nothing to check, or nothing to interpret a national number with
    ("", "DE", False, "", False, "missing"),
    ("   ", "DE", False, "", False, "missing"),
    (None, "DE", False, "", False, "missing"),
    ("0151 23456789", "", False, "", False, "wrong_country"),
    ("0151 23456789", "XX", False, "", False, "wrong_country"),
    ("0151 23456789", "de", True, "+4915123456789", True, ""),
    ("1" * 300, "DE", False, "", False, "unparseable"),
]


@pytest.mark.parametrize(("raw", "country", "valid", "e164", "is_mobile", "reason"), PHONE_CASES)
def test_normalize_phone_real_numbers(raw, country, valid, e164, is_mobile, reason):
    assert normalize_phone(raw, country) == PhoneCheck(valid, e164, is_mobile, reason), (
        f"{raw!r} for {country!r}"
    )


@pytest.mark.parametrize(
    ("raw", "country", "suggestion"),
    [
        ("12125550123", "DE", "+12125550123"),  # "+" forgotten on a US number
        ("41 44 668 18 00", "FR", "+41446681800"),
        ("030 1234567", "DE", ""),  # already valid: nothing to suggest
        ("12345", "DE", ""),  # no valid reading at all
        ("0151 2345", "DE", ""),  # national prefix: not an international number
        ("Tel 12125550123", "DE", ""),  # text around it: too unsure to suggest
        (None, "DE", ""),
    ],
)
def test_suggest_phone_only_valid_numbers(raw, country, suggestion):
    assert suggest_phone(raw, country) == suggestion
