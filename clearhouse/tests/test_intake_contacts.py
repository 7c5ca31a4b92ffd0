import pytest

from clearhouse.intake.contacts import comparable_phone, delivery_address_key

BASE = {
    "street": "Invalidenstraße 116",
    "zip": "10115",
    "city": "Berlin",
    "phone": "+49 30 1234567",
}


@pytest.mark.parametrize(
    ("other", "same"),
    [
        ({"street": " invalidenstraße 116 ", "city": "BERLIN"}, True),
        ({"phone": "030 1234567"}, True),
        ({"phone": "030 7654321"}, False),
        ({"street2": "Hinterhaus"}, False),
        ({"zip": "10117"}, False),
        ({"zip": "D-10115"}, True),
        ({"zip": "10 115"}, True),
    ],
)
def test_delivery_address_key(other, same):
    assert (
        delivery_address_key(BASE, "DE") == delivery_address_key({**BASE, **other}, "DE")
    ) is same


def test_country_is_part_of_the_address():
    assert delivery_address_key(BASE, "DE") != delivery_address_key(BASE, "AT")


def test_invalid_phone_is_compared_as_given():
    assert comparable_phone("12", "DE") == "12"
    assert comparable_phone(None, "") == ""


def test_dutch_postal_code_spelling_is_the_same_address():
    ours = {"street": "Damrak 1", "zip": "1012 LG", "city": "Amsterdam"}
    assert delivery_address_key(ours, "NL") == delivery_address_key({**ours, "zip": "1012lg"}, "NL")
