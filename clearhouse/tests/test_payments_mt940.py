"""MT940 statements in German bank style (structured :86: with ?20-?29, SVWZ+, EREF+)."""

from decimal import Decimal
from pathlib import Path

import pytest

from clearhouse.errors import InputError
from clearhouse.payments.mt940 import parse_mt940

SAMPLE = (Path(__file__).parent / "data" / "payments" / "mt940_sparkasse.sta").read_bytes()
TEXT = SAMPLE.decode("cp1252")


def edited(old, new):
    assert old in TEXT, f"sample changed: {old!r} not found"
    return TEXT.replace(old, new, 1).encode("cp1252")


def line_of(needle):
    return TEXT[: TEXT.index(needle)].count("\n") + 1


def test_sample_imports_fully():
    result = parse_mt940(SAMPLE)
    assert result.errors == [] and result.format == "mt940"
    assert len(result.lines) == 7
    assert sum(line.amount for line in result.lines) == Decimal("12425.72") - Decimal("12345.67")
    ids = [line.transaction_id for line in result.lines]
    assert len(set(ids)) == 7 and all(i.startswith("sha256:") for i in ids)


def test_structured_details_are_split():
    line = parse_mt940(SAMPLE).lines[0]
    assert line.remittance == "Bestellung 4711 Hans Meier", "SVWZ+ across a line break"
    assert (line.payer_name, line.payer_iban, line.payer_bic) == (
        "Meier, Hans",
        "DE89370400440532013000",
        "COBADEFFXXX",
    )
    assert line.end_to_end_id == "", "EREF+NOTPROVIDED is no reference"
    assert (line.date, line.amount, line.currency) == ("2026-03-13", Decimal("49.90"), "EUR")
    assert line.booking_text == "GUTSCHR. UEBERWEISUNG"
    assert line.account == "10050000/0123456789"
    assert line.line == line_of(":61:2603130313CR49,90")


@pytest.mark.parametrize(
    ("position", "remittance", "name", "end_to_end"),
    [
        (1, "INV/2026/00042 Danke", "Müller Haustechnik GmbH", "MH-2026-0311-17"),
        (2, "Rechnung 2026-118 Flyer Herbstaktion", "Druckerei Beispiel KG", "ER-2026-118"),
        (3, "Danke für die schnelle Lieferung", "Schröder, Anna", ""),
        (4, "SO04712 SO04713 Schröder", "Schröder, Anna", ""),
        (5, "so-4718 Familie Öztürk", "Klarna Bank AB", "KLARNA-88120001"),
        (6, "Anzahlung SO 04720 Hans Meier DE89370400440532013000", "", ""),
    ],
    ids=["svwz-eref", "outgoing", "unstructured-purpose", "two-orders", "kref-abwa", "free-text"],
)
def test_bank_flavours(position, remittance, name, end_to_end):
    line = parse_mt940(SAMPLE).lines[position]
    assert (line.remittance, line.payer_name, line.end_to_end_id) == (remittance, name, end_to_end)


def test_debit_is_negative():
    assert parse_mt940(SAMPLE).lines[2].amount == Decimal("-412.50")


def test_reparsing_yields_identical_ids():
    first = [line.transaction_id for line in parse_mt940(SAMPLE).lines]
    assert first == [line.transaction_id for line in parse_mt940(bytes(SAMPLE)).lines]
    utf8 = [line.transaction_id for line in parse_mt940(TEXT.encode("utf-8")).lines]
    assert first == utf8, "the id depends on the content, not on the file's encoding"


def test_swift_envelope_and_unix_line_ends_are_tolerated():
    data = "{1:F01BELADEBEAXXX0000000000}{2:O940}{4:\n" + TEXT.replace("\r\n", "\n") + "-}"
    result = parse_mt940(data.encode("cp1252"))
    assert len(result.lines) == 7 and result.errors == []


def test_unreadable_booking_costs_only_itself():
    data = edited(":61:2603130313CR238,00N051NONREF", ":61:26031X0313CR238,00N051NONREF")
    result = parse_mt940(data)
    assert len(result.lines) == 6, "the other bookings are kept"
    [error] = result.errors
    assert error.line == line_of(":61:2603130313CR238,00")
    assert error.field == ":61:"


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (
            TEXT[: TEXT.index(":62F:C260316")].encode("cp1252"),
            "mt940_closing_missing",
            line_of(":20:STARTUMSE\r\n:25:10050000/0123456789\r\n:28C:00053"),
        ),
        (
            edited(":62F:C260313EUR12250,97", ":62F:C260313EUR12250,00"),
            "mt940_balance_mismatch",
            line_of(":62F:C260313"),
        ),
        (edited(":60F:C260312EUR12345,67\r\n", ""), "mt940_opening_missing", 1),
        (b"/etc/passwd", "mt940_no_statement", 1),
        (b"", "mt940_no_statement", 1),
        (b"Buchungstag;Betrag\r\n13.03.2026;49,90\r\n", "mt940_no_statement", 1),
    ],
    ids=["truncated", "balance-mismatch", "no-opening-balance", "a-path", "empty", "csv"],
)
def test_unusable_file_is_an_input_error(data, code, line):
    with pytest.raises(InputError) as caught:
        parse_mt940(data)
    assert caught.value.code == code, str(caught.value)
    assert caught.value.line == line, str(caught.value)


def test_wrong_encoding_names_the_line():
    with pytest.raises(InputError) as caught:
        parse_mt940(SAMPLE, encoding="utf-8")
    assert caught.value.code == "input_undecodable"
    assert caught.value.line == line_of("Mül"), str(caught.value)
    assert caught.value.params["encoding"] == "UTF-8", "the profile's encoding is named"


def test_utf16_file_is_refused():
    with pytest.raises(InputError) as caught:
        parse_mt940(TEXT.encode("utf-16"))
    assert caught.value.code == "input_encoding_wide" and caught.value.line == 1
    assert caught.value.params["encoding"] == "UTF-16"
