"""Orders CSV: encodings, delimiters, German headers, grouping rows into orders."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhouse.errors import InputError, PayloadError
from clearhouse.intake.csv import COLUMNS, orders_to_csv, parse_orders_csv
from clearhouse.intake.generator import generate_orders
from clearhouse.intake.payload import parse_order_dict
from clearhouse.types import OrderLine

GERMAN = (
    "Bestellnummer;Teilnehmernummer;Punktestand;Vorname;Nachname;Firma;E-Mail;Telefon;"
    "Straße;Adresszusatz;PLZ;Ort;Land;Artikelnummer;Größe;Menge\r\n"
    "WEB-1;P-000123;1200;Jürgen;Weiß;;Juergen.Weiss@Example.com;030 44021187;"
    "Invalidenstraße 12;Hinterhaus;10115;Berlin;DE;PR-TSHIRT;l;1\r\n"
    "WEB-1;P-000123;1200;Jürgen;Weiß;;Juergen.Weiss@Example.com;030 44021187;"
    "Invalidenstraße 12;Hinterhaus;10115;Berlin;DE;PR-MUG;;2\r\n"
    "WEB-2;P-000124;800;Käthe;Größer;Bäckerei Größer GmbH;;;Mönckebergstraße 7;;20095;"
    "Hamburg;de;PR-HOODIE;xl;1\r\n"
)


def check_german(result):
    assert result.errors == []
    assert [order.external_ref for order in result.orders] == ["WEB-1", "WEB-2"]
    first, second = result.orders
    assert (first.customer.firstname, first.customer.lastname) == ("Jürgen", "Weiß")
    assert first.customer.street == "Invalidenstraße 12"
    assert first.customer.email == "juergen.weiss@example.com"
    assert first.declared_points == 1200
    assert first.lines == (OrderLine("PR-TSHIRT", 1, "L"), OrderLine("PR-MUG", 2, ""))
    assert second.customer.company == "Bäckerei Größer GmbH"
    assert second.customer.country == "DE"
    assert second.lines == (OrderLine("PR-HOODIE", 1, "XL"),)
    assert result.positions == [0, 1]


@pytest.mark.parametrize(
    "encoding, detected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_german_csv_in_each_encoding_and_delimiter(encoding, detected, delimiter):
    data = GERMAN.replace(";", delimiter).encode(encoding)
    result = parse_orders_csv(data)
    check_german(result)
    assert (result.encoding, result.delimiter) == (detected, delimiter)


def test_windows_1252_umlauts_are_not_mistaken_for_utf8():
    data = "external_ref;lastname;country;sku\nA;Öztürk-Weiß;DE;PR-MUG\n".encode("cp1252")
    assert parse_orders_csv(data).orders[0].customer.lastname == "Öztürk-Weiß"


@pytest.mark.parametrize(
    "header",
    [
        "external_ref;LastName;COUNTRY;SKU",
        " Bestellnummer ; Nachname ; Land ; Artikelnummer ",
        "Bestell-Nr;nachname;land;Artikel-Nr",
        "external ref;last_name;Country;sku",
        '"Bestellnummer";"Nachname";"Land";"Artikelnummer"',
    ],
)
def test_header_names_ignore_case_spaces_and_punctuation(header):
    data = f"{header}\nA;Muster;DE;PR-MUG\n".encode()
    assert parse_orders_csv(data).orders[0].customer.lastname == "Muster"


@pytest.mark.parametrize("street", ["Straße", "Strasse", "STRASSE", "Straße und Hausnummer"])
@pytest.mark.parametrize("size", ["Größe", "Groesse", "größe"])
def test_german_spellings_of_street_and_size(street, size):
    data = f"Bestellnummer;Nachname;Land;Artikelnummer;{street};{size}\nA;M;DE;PR;Weg 1;m\n"
    order = parse_orders_csv(data.encode()).orders[0]
    assert (order.customer.street, order.lines[0].size) == ("Weg 1", "M")


def test_excel_sep_line_and_blank_lines():
    data = b"sep=,\r\n\r\nexternal_ref,lastname,country,sku\r\n\r\nA,M,DE,PR-MUG\r\n,,,\r\n"
    result = parse_orders_csv(data)
    assert [order.external_ref for order in result.orders] == ["A"]
    assert result.delimiter == ","


def test_order_columns_may_stay_blank_after_first_row():
    data = b"external_ref;lastname;country;sku\nA;Muster;DE;PR-MUG\nA;;;PR-CAP\n"
    order = parse_orders_csv(data).orders[0]
    assert [line.sku for line in order.lines] == ["PR-MUG", "PR-CAP"]


def test_rows_of_one_order_need_not_be_adjacent():
    data = b"external_ref;lastname;country;sku\nA;M;DE;PR-MUG\nB;N;AT;PR-CAP\nA;M;DE;PR-BAG\n"
    result = parse_orders_csv(data)
    assert [(o.external_ref, len(o.lines)) for o in result.orders] == [("A", 2), ("B", 1)]


def test_conflicting_order_values_fail_that_order_only():
    data = (
        "Bestellnummer;Nachname;PLZ;Land;Artikelnummer\n"
        "A;Weiß;10115;DE;PR-MUG\n"
        "B;Groß;20095;DE;PR-MUG\n"
        "A;Weiß;10117;DE;PR-CAP\n"
    ).encode()
    result = parse_orders_csv(data)
    assert [order.external_ref for order in result.orders] == ["B"]
    (error,) = result.errors
    assert (error.record, error.field, error.line) == ("A", "customer.zip", 4)
    assert "10117" in error.message and "10115" in error.message and "line 2" in error.message
    assert error.params["position"] == 0


@pytest.mark.parametrize(
    "row, field, line",
    [
        ("A;Muster;DE;PR-MUG;x", "lines[1].quantity", 3),
        ("A;Muster;DE;;1", "lines[1].sku", 3),
        ("A;Muster;Deutschland;PR-MUG;1", "customer.country", 3),
    ],
)
def test_bad_value_fails_its_order_with_csv_line(row, field, line):
    data = f"external_ref;lastname;country;sku;quantity\nA;;;PR-CAP;1\n{row}\nB;N;AT;PR-CAP;\n"
    result = parse_orders_csv(data.encode())
    assert [order.external_ref for order in result.orders] == ["B"]
    (error,) = result.errors
    assert (error.record, error.field, error.line) == ("A", field, line), str(error)
    assert error.message.startswith("Order A:")


def test_row_without_reference_is_its_own_failed_order():
    data = b"external_ref;lastname;country;sku\nA;M;DE;PR-MUG\n;N;DE;PR-MUG\n"
    result = parse_orders_csv(data)
    (error,) = result.errors
    assert (error.record, error.field, error.line) == ("#1", "external_ref", 3)
    assert result.total == 2


def test_extra_cells_fail_the_order():
    data = b"external_ref;lastname;country;sku\nA;M;DE;PR-MUG;surprise\nB;N;DE;PR-MUG;;\n"
    result = parse_orders_csv(data)
    assert [(e.record, e.line) for e in result.errors] == [("A", 2)]
    assert [order.external_ref for order in result.orders] == ["B"], "empty extra cells are fine"


def test_quoted_multiline_note_keeps_line_numbers():
    data = (
        b'external_ref;lastname;country;sku;note\nA;M;DE;PR-MUG;"Zeile 1\nZeile 2"\n'
        b"B;N;DE;PR-MUG;;\nB;N;DE;PR-MUG;;x\n"
    )
    result = parse_orders_csv(data)
    assert result.orders[0].note == "Zeile 1\nZeile 2"
    assert [(e.record, e.line) for e in result.errors] == [("B", 5)]


@pytest.mark.parametrize(
    "header, message",
    [
        ("external_ref;lastname;country;sku;Farbe;Geschenk", "'Farbe', 'Geschenk'"),
        ("external_ref;lastname;country", "sku"),
        ("lastname;country;sku", "external_ref"),
        ("external_ref;firstname;country;sku", "lastname or company"),
        ("external_ref;Nachname;lastname;country;sku", "lastname twice"),
        ("external_ref;;lastname;country;sku", "Column 2"),
        ("external_ref lastname country sku", "no ';', ','"),
    ],
)
def test_bad_header_is_input_error(header, message):
    with pytest.raises(InputError) as info:
        parse_orders_csv(f"{header}\nA;M;DE;PR-MUG\n".encode())
    assert message in info.value.message
    assert info.value.line == 1


def test_trailing_empty_header_cells_are_ignored():
    data = b"external_ref;lastname;country;sku;;\nA;M;DE;PR-MUG;;\n"
    assert len(parse_orders_csv(data).orders) == 1


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\x81\x8d\x8f\x90\x9d"])
def test_unreadable_file_is_input_error(data):
    with pytest.raises(InputError):
        parse_orders_csv(data)


def test_oversize_rejected():
    with pytest.raises(InputError) as info:
        parse_orders_csv(GERMAN.encode(), max_bytes=100)
    assert info.value.code == "input_too_large"


def test_writer_header_and_rows():
    orders = generate_orders(2, invalid_ratio=0, seed=1)
    text = orders_to_csv(orders).decode("utf-8")
    rows = text.split("\r\n")
    assert rows[0] == ";".join(COLUMNS)
    assert len(rows) == 1 + sum(len(order["lines"]) for order in orders) + 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_writer_round_trips_generated_orders(encoding, delimiter):
    orders = generate_orders(120, seed=5, invalid_ratio=0.3)
    result = parse_orders_csv(orders_to_csv(orders, delimiter=delimiter, encoding=encoding))
    assert result.errors == []
    assert result.orders == [parse_order_dict(order) for order in orders]


def test_writer_names_order_and_field_it_cannot_encode():
    orders = generate_orders(2, invalid_ratio=0, seed=1)
    orders[1]["customer"]["city"] = "Łódź"
    with pytest.raises(PayloadError) as info:
        orders_to_csv(orders, encoding="cp1252")
    assert (info.value.record, info.value.field) == (orders[1]["external_ref"], "customer.city")


def test_writer_refuses_duplicate_references():
    order = generate_orders(1, invalid_ratio=0)[0]
    with pytest.raises(PayloadError):
        orders_to_csv([order, order])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1000) | st.text(alphabet=';,\t\n\r"aAé0 -', max_size=300).map(str.encode))
def test_arbitrary_bytes_raise_only_input_error(data):
    try:
        result = parse_orders_csv(b"external_ref;lastname;country;sku\n" + data)
    except InputError:
        return
    assert len(result.orders) + len(result.errors) == result.total


def test_module_docstring_documents_every_alias():
    from clearhouse.intake import csv as intake_csv

    table = {
        line.split()[0]: line
        for line in intake_csv.__doc__.splitlines()
        if line and line.split()[0] in COLUMNS
    }
    assert set(table) == set(COLUMNS)
    for name, aliases in intake_csv.ALIASES.items():
        for alias in aliases:
            assert alias in table[name], f"{alias} is missing from the docstring row of {name}"
