"""Bank and PayPal CSV exports through CSV profiles."""

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from clearhouse.errors import InputError
from clearhouse.payments._common import parse_decimal
from clearhouse.payments.csv_profiles import (
    DEBIT_CREDIT,
    GENERIC_DE,
    PROFILES,
    CsvProfile,
    parse_paypal_csv,
    parse_statement_csv,
)

DATA = Path(__file__).parent / "data" / "payments"
SPARKASSE = (DATA / "sparkasse_camt.csv").read_bytes()
GENERIC = (DATA / "generic_de.csv").read_bytes()
PAYPAL_DE = (DATA / "paypal_de.csv").read_bytes()
PAYPAL_EN = (DATA / "paypal_en.csv").read_bytes()


def test_sparkasse_export_imports_booked_rows():
    result = parse_statement_csv(SPARKASSE, "sparkasse_camt_csv")
    assert result.errors == []
    assert result.skipped == 1, "'Umsatz vorgemerkt' (pending) is skipped"
    assert [line.amount for line in result.lines] == [
        Decimal("49.90"),
        Decimal("1238.00"),
        Decimal("-850.00"),
        Decimal("24.90"),
    ]
    first = result.lines[0]
    assert (first.date, first.value_date) == ("2026-03-16", "2026-03-16"), "dd.mm.yy"
    assert (first.remittance, first.payer_name) == ("SO 04711 Meier", "Hans Meier")
    assert first.account == "DE17100500000123456789"
    assert first.end_to_end_id == "" and result.lines[1].end_to_end_id == "MH-2026-0311-17"
    assert result.lines[3].payer_name == "Jürgen Weiß", "Windows-1252 umlauts"
    assert [line.line for line in result.lines] == [2, 3, 4, 5]


def test_generic_export_reads_german_numbers_and_names():
    result = parse_statement_csv(GENERIC, "generic_de")
    assert result.errors == []
    assert [line.amount for line in result.lines] == [
        Decimal("75.00"),
        Decimal("84.85"),
        Decimal("-1249.99"),
        Decimal("49.90"),
    ]
    assert result.lines[0].payer_name == "Groß-Bäumer, Katharina"
    assert result.lines[0].date == "2026-03-13"
    assert result.lines[3].remittance == ""


@pytest.mark.parametrize(
    ("data", "profile", "fmt", "count", "skipped"),
    [
        (PAYPAL_DE, "paypal_de", "paypal_de", 4, 1),
        (PAYPAL_EN, "paypal_en", "paypal_en", 3, 1),
    ],
    ids=["de", "en"],
)
def test_paypal_language_is_detected(data, profile, fmt, count, skipped):
    detected = parse_paypal_csv(data)
    assert detected.format == fmt and detected.errors == []
    assert len(detected.lines) == count and detected.skipped == skipped, "pending is skipped"
    assert detected.lines == parse_statement_csv(data, profile).lines


def test_paypal_german_row():
    line = parse_paypal_csv(PAYPAL_DE).lines[1]
    assert line.transaction_id == "7KL98765CD432109E", "PayPal's own id"
    assert (line.amount, line.fee) == (Decimal("1234.56"), Decimal("23.81"))
    assert line.payer_name == "Anna Schröder" and line.payer_email == "anna.schroeder@example.de"
    assert line.remittance.startswith("SO04722 Ihr Einkauf bei Clearhouse")
    assert line.remittance.count("Ihr Einkauf bei Clearhouse") == 1, "repeated texts once"
    assert line.booking_text == "Express-Checkout-Zahlung"


def test_paypal_english_row():
    lines = parse_paypal_csv(PAYPAL_EN).lines
    assert (lines[1].date, lines[1].amount) == ("2026-03-13", Decimal("1499.00")), "1,499.00"
    assert "INV/2026/00045" in lines[1].remittance
    assert lines[2].currency == "GBP"


def test_paypal_refunds_and_withdrawals_are_negative():
    lines = parse_paypal_csv(PAYPAL_DE).lines
    assert [line.amount for line in lines[2:]] == [Decimal("-19.90"), Decimal("-2000.00")]


@pytest.mark.parametrize(
    ("data", "profile"),
    [
        (SPARKASSE, "sparkasse_camt_csv"),
        (GENERIC, "generic_de"),
        (PAYPAL_DE, "paypal_de"),
        (PAYPAL_EN, "paypal_en"),
    ],
)
def test_reparsing_yields_identical_ids(data, profile):
    first = [line.transaction_id for line in parse_statement_csv(data, profile).lines]
    assert first == [line.transaction_id for line in parse_statement_csv(data, profile).lines]
    assert len(set(first)) == len(first)


def test_utf16_file_with_a_cp1252_profile_is_refused():
    data = SPARKASSE.decode("cp1252").encode("utf-16")
    with pytest.raises(InputError) as caught:
        parse_statement_csv(data, "sparkasse_camt_csv")
    assert caught.value.code == "input_encoding_wide" and caught.value.line == 1
    params = caught.value.params
    assert (params["encoding"], params["expected"]) == ("UTF-16", "Windows-1252")


def test_utf16_without_byte_order_mark_is_refused():
    data = SPARKASSE.decode("cp1252").encode("utf-16-le")
    with pytest.raises(InputError) as caught:
        parse_statement_csv(data, "sparkasse_camt_csv")
    assert caught.value.code == "input_encoding_wide" and caught.value.line == 1


def test_cp1252_bytes_for_a_utf8_profile_name_the_line():
    header, rows = PAYPAL_DE.decode("utf-8-sig").split("\r\n", 1)
    with pytest.raises(InputError) as caught:
        parse_statement_csv((header + "\r\n" + rows).encode("cp1252"), "paypal_de")
    assert caught.value.code == "input_undecodable"
    assert caught.value.line == 1, "the header has 'Währung'"
    ascii_header = header.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"}))
    with pytest.raises(InputError) as caught:
        parse_statement_csv((ascii_header + "\r\n" + rows).encode("cp1252"), "paypal_de")
    assert caught.value.line == 3, "the first row with a non-ASCII byte ('Schröder')"
    assert caught.value.params == {"encoding": "UTF-8", "byte": "F6"}


def test_utf8_byte_order_mark_is_believed_for_a_cp1252_profile():
    data = b"\xef\xbb\xbf" + SPARKASSE.decode("cp1252").encode("utf-8")
    result = parse_statement_csv(data, "sparkasse_camt_csv")
    assert result.lines[3].payer_name == "Jürgen Weiß"


def test_missing_required_column_names_it():
    data = SPARKASSE.replace(b'"Betrag"', b'"Summe"')
    with pytest.raises(InputError) as caught:
        parse_statement_csv(data, "sparkasse_camt_csv")
    assert caught.value.field == "amount" and caught.value.line == 1
    assert "Betrag" in caught.value.message
    assert caught.value.params == {
        "profile": "sparkasse_camt_csv",
        "fields": ["amount"],
        "columns": {"amount": ["Betrag"]},
    }


def test_bad_row_costs_only_itself():
    data = SPARKASSE.replace(b'"1.238,00"', b'"1.2.38"').replace(
        b'"16.03.26";"16.03.26";"FOLGE', b'"31.02.26";"16.03.26";"FOLGE'
    )
    result = parse_statement_csv(data, "sparkasse_camt_csv")
    assert [(error.field, error.line) for error in result.errors] == [("amount", 3), ("date", 4)]
    assert [(error.code, error.params) for error in result.errors] == [
        ("row_amount_invalid", {"value": "1.2.38"}),
        ("row_date_invalid", {"value": "31.02.26", "example": "13.03.26"}),
    ]
    assert len(result.lines) == 2


def test_profile_with_preamble_and_debit_credit_columns():
    profile = CsvProfile(
        name="dkb_like",
        columns={
            "date": ("Buchungsdatum",),
            "payer_name": ("Zahlungspflichtige*r",),
            "remittance": ("Verwendungszweck",),
            "debit": ("Soll",),
            "credit": ("Haben",),
        },
        skip_rows=3,
        sign=DEBIT_CREDIT,
        date_format="%d.%m.%Y",
    )
    text = (
        '"Konto:";"DE17 1005 0000 0123 4567 89"\r\n'
        '"Zeitraum:";"01.03.2026 - 16.03.2026"\r\n'
        "\r\n"
        '"Buchungsdatum";"Zahlungspflichtige*r";"Verwendungszweck";"Soll";"Haben"\r\n'
        '"13.03.2026";"Hans Meier";"Bestellung 4711";"";"49,90"\r\n'
        '"13.03.2026";"Stadtwerke";"Strom\r\nMärz";"120,00";""\r\n'
        '"14.03.2026";"Anna Schröder";"SO04712";"";"1.059,90"\r\n'
    )
    result = parse_statement_csv(text.encode("cp1252"), profile)
    assert result.errors == []
    assert [line.amount for line in result.lines] == [
        Decimal("49.90"),
        Decimal("-120.00"),
        Decimal("1059.90"),
    ]
    assert [line.line for line in result.lines] == [5, 6, 8], "a quoted cell spans two lines"
    assert result.lines[1].remittance == "Strom März"


def test_indicator_profile_signs_amounts():
    text = (
        "Buchungstag;Valuta;Auftraggeber/Empfänger;Verwendungszweck;Umsatz;Soll/Haben\r\n"
        "13.03.2026;13.03.2026;Meier, Hans;SO04711;49,90;H\r\n"
        "13.03.2026;13.03.2026;Post;Porto;12,50;S\r\n"
        "13.03.2026;13.03.2026;X;Y;1,00;?\r\n"
    )
    result = parse_statement_csv(text.encode("cp1252"), "generic_de_indicator")
    assert [line.amount for line in result.lines] == [Decimal("49.90"), Decimal("-12.50")]
    assert [(error.field, error.line) for error in result.errors] == [("indicator", 4)]
    [error] = result.errors
    assert (error.code, error.params["value"]) == ("row_indicator_invalid", "?")


def test_footer_rows_without_date_and_amount_are_ignored():
    data = GENERIC + "\r\n;;;;;Kontostand am 14.03.2026;;;\r\n".encode("cp1252")
    assert len(parse_statement_csv(data, GENERIC_DE).lines) == 4


@pytest.mark.parametrize(
    ("text", "decimal", "thousands", "expected"),
    [
        ("49,90", ",", ".", Decimal("49.90")),
        ("1.234,56", ",", ".", Decimal("1234.56")),
        ("-1.234,56", ",", ".", Decimal("-1234.56")),
        ("12,50-", ",", ".", Decimal("-12.50")),
        ("+ 12,50 €", ",", ".", Decimal("12.50")),
        ("1,499.00", ".", ",", Decimal("1499.00")),
        ("1234", ",", ".", Decimal(1234)),
        ("1.2.38", ",", ".", None),
        ("12,5,0", ",", ".", None),
        ("1.23", ",", ".", None),
        ("", ",", ".", None),
        ("abc", ",", ".", None),
    ],
)
def test_parse_decimal(text, decimal, thousands, expected):
    assert parse_decimal(text, decimal, thousands) == expected


def test_profiles_are_checked_when_made():
    with pytest.raises(ValueError, match="unknown field"):
        CsvProfile(name="x", columns={"date": ("D",), "amount": ("A",), "colour": ("C",)})
    with pytest.raises(ValueError, match="no column"):
        dataclasses.replace(GENERIC_DE, sign=DEBIT_CREDIT)
    with pytest.raises(ValueError, match="unknown CSV profile"):
        parse_statement_csv(GENERIC, "no_such_profile")
    assert set(PROFILES) >= {"sparkasse_camt_csv", "generic_de", "paypal_de", "paypal_en"}


def test_not_a_paypal_file():
    with pytest.raises(InputError) as caught:
        parse_paypal_csv(GENERIC.decode("cp1252").encode("utf-8"))
    assert caught.value.code == "paypal_csv_header"
