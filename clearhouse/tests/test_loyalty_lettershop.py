import csv
import io
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from clearhouse.loyalty.lettershop import COLUMNS, LetterRow, write_csv


def _row(**values):
    base = {
        "salutation": "Frau",
        "name": "Jürgen Weiß",
        "company": "",
        "street": "Große Straße 1",
        "street2": "Hinterhaus",
        "zip": "10115",
        "city": "Berlin",
        "country": "DE",
        "card_number": "4000123",
        "segment": "Stammkunden",
        "code": "7KQ2M-XH9TD-4WPAC",
        "value": Decimal(5),
        "currency": "EUR",
        "valid_until": date(2027, 3, 31),
        "template": "threshold",
    }
    base.update(values)
    return LetterRow(**base)


def _read(data):
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with byte order mark"
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_profile_field_by_field():
    rows = _read(write_csv([_row(), _row(value=Decimal("12.5"), valid_until=None)]))
    assert rows[0] == [title for title, _ in COLUMNS]
    assert rows[1] == [
        "Frau",
        "Jürgen Weiß",
        "",
        "Große Straße 1",
        "Hinterhaus",
        "10115",
        "Berlin",
        "DE",
        "4000123",
        "Stammkunden",
        "7KQ2M-XH9TD-4WPAC",
        "5,00",
        "EUR",
        "31.03.2027",
        "threshold",
    ]
    assert rows[2][11] == "12,50" and rows[2][13] == ""


def test_every_field_is_quoted_and_line_breaks_are_flattened():
    data = write_csv([_row(street="Ring 1\nAufgang B", company=False)])
    assert data.decode("utf-8-sig").splitlines()[1].startswith('"Frau";"Jürgen Weiß";"";"Ring 1')
    assert _read(data)[1][3] == "Ring 1 Aufgang B"


@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_any_name_round_trips_as_one_field(names):
    rows = _read(write_csv([_row(name=name) for name in names]))
    assert [row[1] for row in rows[1:]] == [" ".join(name.split()) for name in names]
