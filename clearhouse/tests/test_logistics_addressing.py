from datetime import datetime, timedelta, timezone

import pytest

from clearhouse.logistics.addressing import packstation_of, tracking_links
from clearhouse.logistics.documents import Packstation, as_utc, confirmation_format
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


@pytest.mark.parametrize(
    ("file_name", "default", "expected"),
    [
        ("conf.CSV", "xml", "csv"),
        ("conf.xml", "csv", "xml"),
        ("confirmation", "csv", "csv"),
        ("confirmation", "xml", "xml"),
        (None, "anything", "xml"),
    ],
)
def test_confirmation_format_by_extension_then_partner(file_name, default, expected):
    assert confirmation_format(file_name, default) == expected


@pytest.mark.parametrize(
    ("timestamp", "zone", "expected"),
    [
        (datetime(2026, 11, 20, 10, 0), "Europe/Berlin", datetime(2026, 11, 20, 9, 0)),
        (datetime(2026, 7, 20, 10, 0), "Europe/Berlin", datetime(2026, 7, 20, 8, 0)),
        (datetime(2026, 11, 20, 10, 0), "", datetime(2026, 11, 20, 10, 0)),
        (
            datetime(2026, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=1))),
            "America/New_York",
            datetime(2026, 11, 20, 9, 0),
        ),
    ],
)
def test_as_utc_reads_naive_times_in_the_partner_zone(timestamp, zone, expected):
    assert as_utc(timestamp, zone) == expected
