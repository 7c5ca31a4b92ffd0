import pytest

from clearhouse.logistics.addressing import packstation_of, tracking_links
from clearhouse.logistics.documents import Packstation
from clearhouse.types import Customer


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"street": "Packstation 123", "street2": "12345678"}, Packstation("123", "12345678")),
        ({"street": "Packstation 123", "company": "Postnr. 987654"}, Packstation("123", "987654")),
        ({"street": "Paketstation Nr. 7 / 1234567"}, Packstation("7", "1234567")),
        ({"street2": "Packstation 45", "street": "88776655"}, Packstation("45", "88776655")),
        ({"street": "Packstation 123"}, None),  # no post number: not sendable as Packstation
        ({"street": "Postfach 1234", "street2": "12345678"}, None),  # a post box, no station
        ({"street": "Hauptstraße 12", "street2": "12345678"}, None),
    ],
)
def test_packstation_of_reads_station_and_post_number(values, expected):
    customer = Customer(lastname="Muster", city="Berlin", zip="10115", country="DE", **values)
    assert packstation_of(customer) == expected


def test_tracking_links_fill_the_placeholder_per_number():
    template = "https://track.example/?id=<shipmenttrackingnumber>"
    assert tracking_links(template, ["AB 1", "C2"]) == [
        "https://track.example/?id=AB%201",
        "https://track.example/?id=C2",
    ]


@pytest.mark.parametrize("template", ["", None, "https://track.example/"])
def test_tracking_links_need_a_template_with_placeholder(template):
    assert tracking_links(template, ["X1"]) == []
