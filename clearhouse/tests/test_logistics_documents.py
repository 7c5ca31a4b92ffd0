"""Delivery documents out (XML against the published XSD, CSV profiles), confirmations in."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree

from clearhouse.errors import InputError, PayloadError
from clearhouse.logistics.documents import (
    CONFIRMATION_SCHEMA_PATH,
    DELIVERY_SCHEMA_PATH,
    Cancellation,
    CsvProfile,
    DeliveryLine,
    DeliveryOrder,
    DocumentHeader,
    Packstation,
    Party,
    cancellations_to_csv,
    cancellations_to_xml,
    check_delivery,
    deliveries_to_csv,
    deliveries_to_xml,
    parse_confirmations_csv,
    parse_confirmations_xml,
)
from clearhouse.types import Customer

DATA = Path(__file__).parent / "data"
LOGISTICS = DATA / "logistics"
CREATED = datetime(2026, 10, 1, 8, 0, tzinfo=timezone.utc)
HEADER = DocumentHeader(
    document_id="CH-DHL-000001",
    created=CREATED,
    sender=Party("CLEARHOUSE", "Clearhouse Fulfilment GmbH"),
    partner=Party("DHL"),
    run="RUN-2026-10-01-1",
)
ANNA = Customer(
    firstname="Anna",
    lastname="Schneider",
    email="anna.schneider@example.com",
    phone="030 44021187",
    street="Invalidenstraße 12",
    zip="10115",
    city="Berlin",
    country="de",
)
STATION = Customer(
    firstname="Jörg",
    lastname="Weiß",
    street="Packstation 123",
    zip="04109",
    city="Leipzig",
    country="DE",
)
COMPANY = Customer(
    company="Müller & Söhne KG", street="Hauptstr. 1", zip="8001", city="Zürich", country="CH"
)
MUG = DeliveryLine("PR-MUG", 2, "Kaffeebecher", weight_kg=0.8)
HOODIE = DeliveryLine("PR-HOODIE", 1, "Hoodie", size="L", weight_kg=0.6)


def delivery(ref="OUT-000123", **values):
    fields = {
        "reference": ref,
        "order_ref": "WEB-100001",
        "recipient": ANNA,
        "lines": (MUG, HOODIE),
        "weight_kg": 1.4,
        "service": "parcel",
        "campaign_code": "HERBST26",
    }
    fields.update(values)
    return DeliveryOrder(**fields)


DELIVERIES = (
    delivery(note="Bitte beim Nachbarn abgeben,\nfalls niemand zu Hause ist."),
    delivery(
        "OUT-000124",
        recipient=STATION,
        packstation=Packstation("123", "12345678"),
        lines=(MUG,),
        weight_kg=0.8,
    ),
    delivery(
        "OUT-000125",
        recipient=COMPANY,
        lines=(DeliveryLine("PR-GRILL"),),
        weight_kg=18,
        service="",
        campaign_code="",
    ),
)


def schema(path):
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(document, path=DELIVERY_SCHEMA_PATH):
    xsd = schema(path)
    assert xsd.validate(etree.fromstring(document)), xsd.error_log


# Delivery orders: XML -------------------------------------------------------------------


def test_delivery_orders_validate_against_the_published_schema():
    document = deliveries_to_xml(HEADER, DELIVERIES)
    assert_valid(document)
    root = etree.fromstring(document)
    ns = {"d": "urn:clearhouse:logistics-delivery:1.0"}
    assert root.find("d:header", ns).get("created") == "2026-10-01T08:00:00Z"
    assert root.find("d:header", ns).get("run") == "RUN-2026-10-01-1"
    first, station, company = root.findall("d:delivery", ns)
    assert first.get("weight_kg") == "1.400"
    assert first.findtext("d:recipient/d:country", namespaces=ns) == "DE", "upper-cased"
    assert first.findtext("d:note", namespaces=ns).endswith("\nfalls niemand zu Hause ist.")
    assert [line.get("position") for line in first.iterfind("d:lines/d:line", ns)] == ["1", "2"]
    assert station.find("d:packstation", ns).attrib == {"number": "123", "post_number": "12345678"}
    assert company.findtext("d:recipient/d:company", namespaces=ns) == "Müller & Söhne KG"
    assert company.get("service") is None, "empty optional values are left out"


def test_writer_is_deterministic_and_writes_utc():
    berlin = timezone(timedelta(hours=2))
    header = DocumentHeader(
        "CH-DHL-000001", CREATED.astimezone(berlin), HEADER.sender, HEADER.partner, HEADER.run
    )
    assert deliveries_to_xml(header, DELIVERIES) == deliveries_to_xml(HEADER, DELIVERIES)


def test_naive_creation_time_is_refused():
    header = DocumentHeader("CH-1", datetime(2026, 10, 1, 8), HEADER.sender, HEADER.partner)
    with pytest.raises(ValueError):
        deliveries_to_xml(header, DELIVERIES)


def test_document_needs_a_delivery():
    with pytest.raises(ValueError):
        deliveries_to_xml(HEADER, [])
    with pytest.raises(ValueError):
        cancellations_to_xml(HEADER, [])


def test_cancellations_validate_against_the_published_schema():
    document = cancellations_to_xml(
        HEADER,
        [
            Cancellation("OUT-000123", "WEB-100001", "Teilnehmer hat storniert"),
            Cancellation("OUT-000124"),
        ],
    )
    assert_valid(document)
    assert b"<delivery_cancellations" in document and b'reference="OUT-000124"/>' in document


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reference": ""}, "reference"),
        ({"order_ref": " "}, "order_ref"),
        (
            {"recipient": Customer(firstname="Anna", city="Berlin", country="DE")},
            "recipient.lastname",
        ),
        ({"recipient": Customer(lastname="X", country="DE")}, "recipient.city"),
        (
            {"recipient": Customer(lastname="X", city="Berlin", country="Deutschland")},
            "recipient.country",
        ),
        ({"recipient": Customer(lastname="X" * 257, city="B", country="DE")}, "recipient.lastname"),
        ({"recipient": Customer(lastname="X\x07", city="B", country="DE")}, "recipient.lastname"),
        ({"lines": ()}, "lines"),
        ({"lines": (DeliveryLine("PR-MUG", 0),)}, "lines[0].quantity"),
        ({"lines": (MUG, DeliveryLine("PR-MUG", 1.5))}, "lines[1].quantity"),
        ({"lines": (DeliveryLine(""),)}, "lines[0].product"),
        ({"weight_kg": -1}, "weight_kg"),
        ({"weight_kg": float("nan")}, "weight_kg"),
        ({"weight_kg": None}, "weight_kg"),
        ({"packstation": Packstation("12a", "12345678")}, "packstation.number"),
        ({"packstation": Packstation("123", "")}, "packstation.post_number"),
        ({"service": "x" * 65}, "service"),
    ],
)
def test_bad_delivery_is_refused_with_its_reference_and_field(values, field):
    bad = delivery("OUT-BAD", **values)
    with pytest.raises(PayloadError) as caught:
        deliveries_to_xml(HEADER, [DELIVERIES[0], bad])
    assert caught.value.field == field, str(caught.value)
    if values.get("reference") != "":
        assert caught.value.record == "OUT-BAD"
        assert caught.value.message.startswith("Delivery OUT-BAD:")
    with pytest.raises(PayloadError):
        check_delivery(bad)


def test_check_delivery_accepts_good_deliveries():
    for good in DELIVERIES:
        check_delivery(good)


def test_duplicate_reference_is_refused():
    with pytest.raises(PayloadError) as caught:
        deliveries_to_xml(HEADER, [DELIVERIES[0], DELIVERIES[0]])
    assert (caught.value.code, caught.value.record) == ("delivery_duplicate", "OUT-000123")


def test_whitespace_is_normalised_as_the_schema_tokens_read_it():
    messy = Customer(
        lastname="  Schneider\t", street="Invaliden-\nstraße  12", city="Berlin", country=" de "
    )
    document = deliveries_to_xml(HEADER, [delivery(recipient=messy)])
    assert_valid(document)
    assert b"<street>Invaliden- stra\xc3\x9fe 12</street>" in document


def test_schema_refuses_what_the_writer_never_writes():
    """The XSD is a contract for partners too: it must not accept any XML."""
    document = deliveries_to_xml(HEADER, DELIVERIES[:1])
    xsd = schema(DELIVERY_SCHEMA_PATH)
    broken = [
        document.replace(b"<city>Berlin</city>", b""),
        document.replace(b'weight_kg="1.400"', b'weight_kg="1.4001"'),
        document.replace(b'created="2026-10-01T08:00:00Z"', b'created="2026-10-01T10:00:00+02:00"'),
        document.replace(b"<country>DE</country>", b"<country>de</country>"),
    ]
    for variant in broken:
        assert variant != document
        assert not xsd.validate(etree.fromstring(variant)), variant


def test_writing_5000_deliveries_in_one_document():
    """The seconds are in tests/bench/carrier_export.py."""
    many = [delivery(f"OUT-{n:06d}", order_ref=f"WEB-{n:06d}") for n in range(5000)]
    document = deliveries_to_xml(HEADER, many)
    assert document.count(b"<delivery ") == 5000
    assert_valid(document)


# Delivery orders: CSV -------------------------------------------------------------------


def test_csv_default_profile_writes_every_column_one_row_per_line():
    text = deliveries_to_csv(HEADER, DELIVERIES).decode("utf-8")
    rows = text.split("\r\n")
    assert rows[0].startswith("document_id;reference;order_ref;campaign;service;weight_kg;")
    assert len([row for row in rows if row]) == 1 + 4, "header and four lines"
    assert "Bitte beim Nachbarn abgeben, falls niemand zu Hause ist." in text, "one-line note"
    assert ";123;12345678;" in text


def test_csv_partner_profile():
    profile = CsvProfile(
        columns=(
            "reference",
            "name",
            "company",
            "street",
            "zip",
            "city",
            "country",
            "product",
            "quantity",
            "line_weight_kg",
        ),
        labels={"reference": "Auftrag", "name": "Empfänger", "product": "Artikel"},
        delimiter=",",
        encoding="cp1252",
        decimal_comma=True,
    )
    data = deliveries_to_csv(HEADER, DELIVERIES, profile)
    text = data.decode("cp1252")
    assert text.splitlines()[0] == (
        "Auftrag,Empfänger,company,street,zip,city,country,Artikel,quantity,line_weight_kg"
    )
    assert 'OUT-000123,Anna Schneider,,Invalidenstraße 12,10115,Berlin,DE,PR-MUG,2,"0,800"' in text
    assert deliveries_to_csv(HEADER, DELIVERIES, profile) == data, "deterministic"


def test_csv_without_header():
    profile = CsvProfile(columns=("reference", "product"), header=False)
    assert deliveries_to_csv(HEADER, DELIVERIES[2:], profile) == b"OUT-000125;PR-GRILL\r\n"


def test_csv_value_the_encoding_cannot_hold_names_the_delivery():
    polish = delivery(recipient=Customer(lastname="Łukasiewicz", city="Kraków", country="PL"))
    profile = CsvProfile(columns=("reference", "lastname", "city"), encoding="cp1252")
    with pytest.raises(PayloadError) as caught:
        deliveries_to_csv(HEADER, [polish], profile)
    assert (caught.value.record, caught.value.field) == ("OUT-000123", "lastname")


def test_csv_profile_with_unknown_column_is_a_programming_error():
    with pytest.raises(ValueError):
        deliveries_to_csv(HEADER, DELIVERIES, CsvProfile(columns=("reference", "colour")))


def test_cancellations_csv():
    data = cancellations_to_csv(HEADER, [Cancellation("OUT-000123", "WEB-100001", "storniert")])
    assert data == (
        b"document_id;reference;order_ref;reason\r\nCH-DHL-000001;OUT-000123;WEB-100001;storniert\r\n"
    )


# Confirmations: XML ---------------------------------------------------------------------


def test_sample_confirmations_validate_and_read_fully():
    data = (LOGISTICS / "confirmations.xml").read_bytes()
    assert_valid(data, CONFIRMATION_SCHEMA_PATH)
    result = parse_confirmations_xml(data)
    assert result.errors == []
    assert (result.partner_code, result.document_id, result.total) == ("DHL", "DHL-20261002-1", 5)
    statuses = [(c.reference, c.status) for c in result.confirmations]
    assert statuses == [
        ("OUT-000123", "shipped"),
        ("OUT-000124", "shipped"),
        ("OUT-000123", "delivered"),
        ("OUT-000125", "returned"),
        ("OUT-000126", "lost"),
    ]
    shipped = result.confirmations[1]
    assert shipped.carrier == "DHL"
    assert shipped.tracking_numbers == ("00340434161094042564", "00340434161094042571")
    assert shipped.timestamp == datetime(2026, 10, 2, 14, 5, 30, tzinfo=timezone.utc)
    first = result.confirmations[0]
    assert first.timestamp.utcoffset() == timedelta(hours=2)
    assert result.confirmations[3].timestamp.tzinfo is None, "no offset: partner's time zone"
    assert result.confirmations[3].reason == "Empfänger unbekannt verzogen"
    assert result.confirmations[4].timestamp.microsecond == 250000
    assert first.line == 10


def _confirmations(*records):
    body = "\n".join(records)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<confirmations xmlns="urn:clearhouse:logistics-confirmation:1.0">\n'
        f"{body}\n</confirmations>\n"
    ).encode()


GOOD = '<confirmation reference="OUT-1" status="delivered" timestamp="2026-10-03T11:20:00Z"/>'


@pytest.mark.parametrize(
    ("record", "code", "field"),
    [
        (
            '<confirmation reference="OUT-2" status="damaged" timestamp="2026-10-03T11:20:00Z"/>',
            "confirmation_unknown_status",
            "status",
        ),
        (
            '<confirmation status="lost" timestamp="2026-10-03T11:20:00Z"/>',
            "confirmation_missing_reference",
            "reference",
        ),
        (
            '<confirmation reference="  " status="lost" timestamp="2026-10-03T11:20:00Z"/>',
            "confirmation_missing_reference",
            "reference",
        ),
        (
            '<confirmation reference="OUT-2" status="lost" timestamp="2026-02-30T11:20:00Z"/>',
            "confirmation_timestamp",
            "timestamp",
        ),
        (
            (
                '<confirmation reference="OUT-2" status="shipped" '
                'timestamp="2026-10-03T11:20:00Z" carrier="DHL"/>'
            ),
            "confirmation_missing_tracking",
            "tracking_numbers",
        ),
        (
            (
                '<confirmation reference="OUT-2" status="shipped" '
                'timestamp="2026-10-03T11:20:00Z"><tracking_number>123</tracking_number>'
                "</confirmation>"
            ),
            "confirmation_missing_carrier",
            "carrier",
        ),
        (
            (
                '<confirmation reference="OUT-2" status="lost" '
                'timestamp="2026-10-03T11:20:00Z"><colour>red</colour></confirmation>'
            ),
            "confirmation_schema",
            "colour",
        ),
        (
            '<confirmation reference="OUT-2" status="lost" timestamp="2026-10-03T11:20"/>',
            "confirmation_schema",
            "timestamp",
        ),
        ('<shipment reference="OUT-2"/>', "confirmation_schema", None),
    ],
)
def test_bad_confirmation_costs_only_itself(record, code, field):
    data = _confirmations(GOOD, record, GOOD.replace("OUT-1", "OUT-3"))
    result = parse_confirmations_xml(data)
    assert [c.reference for c in result.confirmations] == ["OUT-1", "OUT-3"]
    (error,) = result.errors
    assert (error.code, error.field, error.line) == (code, field, 4), str(error)
    assert error.params["position"] == 1
    assert result.total == 3


def test_duplicate_confirmation_in_one_file():
    data = _confirmations(GOOD, GOOD.replace("delivered", "lost"), GOOD)
    result = parse_confirmations_xml(data)
    assert [(c.reference, c.status) for c in result.confirmations] == [
        ("OUT-1", "delivered"),
        ("OUT-1", "lost"),
    ], "one delivery may have several statuses, each once"
    (error,) = result.errors
    assert (error.code, error.line, error.params["first_line"]) == ("confirmation_duplicate", 5, 3)
    assert "first on line 3" in error.message


def test_many_bad_confirmations_are_all_reported():
    bad = '<confirmation reference="OUT-{n}" status="nope" timestamp="2026-10-03T11:20:00Z"/>'
    records = [bad.format(n=n) if n % 2 else GOOD.replace("OUT-1", f"OUT-{n}") for n in range(2000)]
    result = parse_confirmations_xml(_confirmations(*records))
    assert (len(result.confirmations), len(result.errors)) == (1000, 1000)


def test_empty_confirmations_file_is_valid():
    result = parse_confirmations_xml(_confirmations())
    assert (result.confirmations, result.errors, result.total) == ([], [], 0)


ROOT = b"<confirmations xmlns='urn:clearhouse:logistics-confirmation:1.0'"


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (
            ROOT + b">\n<confirmation",
            "input_malformed",
            2,
        ),
        (b"", "input_malformed", None),
        (b"<orders xmlns='urn:clearhouse:promo-orders:1.0'/>", "input_wrong_root", 1),
        (
            ROOT + b" version='2.0'/>",
            "input_schema",
            1,
        ),
        (
            ROOT + b">\nnoise\n</confirmations>",
            "input_schema",
            1,
        ),
        (
            ROOT + b">&undeclared;</confirmations>",
            "input_malformed",
            1,
        ),
    ],
    ids=["truncated", "empty", "wrong root", "wrong version", "text between records", "entity"],
)
def test_unreadable_confirmation_files(data, code, line):
    with pytest.raises(InputError) as caught:
        parse_confirmations_xml(data)
    assert caught.value.code == code, str(caught.value)
    if line is not None:
        assert caught.value.line == line, str(caught.value)


HOSTILE = sorted((DATA / "hostile").glob("*.xml")) + [LOGISTICS / "confirmation_xxe.xml"]


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_xml_is_refused_without_expansion(path):
    with pytest.raises(InputError) as caught:
        parse_confirmations_xml(path.read_bytes())
    assert caught.value.code == "input_doctype", "refused by the scan, before any parsing"
    assert "root:" not in str(caught.value), "nothing of /etc/passwd reaches the message"


def test_oversized_file_is_refused_before_parsing():
    with pytest.raises(InputError) as caught:
        parse_confirmations_xml(_confirmations(GOOD), max_bytes=100)
    assert caught.value.code == "input_too_large"


def test_confirmations_read_bytes_only():
    with pytest.raises(TypeError):
        parse_confirmations_xml(_confirmations(GOOD).decode())


# Confirmations: CSV ---------------------------------------------------------------------


PARTNER_CSV = CsvProfile(
    columns=("reference", "status", "timestamp", "carrier", "tracking_numbers", "reason"),
    labels={
        "reference": "Sendung",
        "status": "Status",
        "timestamp": "Zeitpunkt",
        "carrier": "Frachtführer",
        "tracking_numbers": "Sendungsnummern",
        "reason": "Grund",
    },
    encoding="cp1252",
    status_map={"versandt": "shipped", "zugestellt": "delivered", "retoure": "returned"},
    timestamp_format="%d.%m.%Y %H:%M",
)


def test_partner_csv_with_labels_status_words_and_german_dates():
    # The partner writes "Frachtfuehrer"; labels are matched as written, so map it so.
    profile = CsvProfile(
        **{**PARTNER_CSV.__dict__, "labels": {**PARTNER_CSV.labels, "carrier": "Frachtfuehrer"}}
    )
    result = parse_confirmations_csv(
        (LOGISTICS / "confirmations_partner.csv").read_bytes(), profile
    )
    assert result.errors == []
    assert [(c.reference, c.status, c.line) for c in result.confirmations] == [
        ("OUT-000123", "shipped", 2),
        ("OUT-000124", "shipped", 3),
        ("OUT-000123", "delivered", 4),
        ("OUT-000125", "returned", 5),
    ]
    second = result.confirmations[1]
    assert second.tracking_numbers == ("00340434161094042564", "00340434161094042571")
    assert second.timestamp == datetime(2026, 10, 2, 14, 5)
    assert result.confirmations[3].reason == "Empfänger unbekannt"


def test_canonical_csv_with_byte_order_mark_and_per_row_errors():
    data = (
        "\ufeffreference;status;timestamp;carrier;tracking_numbers;reason;partner_field\r\n"
        "OUT-1;shipped;2026-10-02T14:03:00+02:00;DHL;00340434161094042557;;x\r\n"
        ';lost;2026-10-02T14:03:00Z;;;"lost\r\nin two lines";\r\n'
        "OUT-3;teleported;2026-10-02T14:03:00Z;;;;\r\n"
        "\r\n"
        "OUT-1;shipped;2026-10-02T15:00:00Z;DHL;00340434161094042557;;\r\n"
        "OUT-5;delivered;yesterday;;;;\r\n"
        "OUT-6;delivered;2026-10-02 16:00;;;;\r\n"
    ).encode("utf-8")
    result = parse_confirmations_csv(data)
    assert [(c.reference, c.line) for c in result.confirmations] == [("OUT-1", 2), ("OUT-6", 9)]
    assert [(e.code, e.line) for e in result.errors] == [
        ("confirmation_missing_reference", 3),
        ("confirmation_unknown_status", 5),
        ("confirmation_duplicate", 7),
        ("confirmation_timestamp", 8),
    ]
    assert result.total == 6


def test_csv_without_header_uses_the_profile_order():
    profile = CsvProfile(columns=("reference", "timestamp", "status"), header=False, delimiter="\t")
    data = b"OUT-1\t2026-10-03T11:20:00Z\tdelivered\r\n"
    (confirmation,) = parse_confirmations_csv(data, profile).confirmations
    assert (confirmation.reference, confirmation.status) == ("OUT-1", "delivered")


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (
            b'reference;status;timestamp\r\nOUT-1;lost;"2026-10-02T14:03:00Z\r\n',
            "input_malformed",
            2,  # the row whose quote is never closed starts there
        ),
        (b"reference;status;timestamp\r\nOUT-1;lost;2026\xff\r\n", "input_undecodable", 2),
        (b"reference;status\r\nOUT-1;lost\r\n", "input_header", 1),
        (b"\r\n\r\n", "input_empty", 1),
    ],
    ids=["open quote", "not utf-8", "missing column", "empty"],
)
def test_unreadable_csv_files(data, code, line):
    with pytest.raises(InputError) as caught:
        parse_confirmations_csv(data)
    assert (caught.value.code, caught.value.line) == (code, line), str(caught.value)


# Line cancellations (service desk: part of a delivery already sent) ---------------------


def _line_cancellation():
    return Cancellation(
        "OUT-000123",
        "WEB-100001",
        "Kunde storniert Teil",
        lines=(DeliveryLine("PR-MUG", 2, "Becher"), DeliveryLine("PR-HOODIE", 1, size="M")),
    )


def test_line_cancellation_xml_lists_exactly_those_lines_and_validates():
    document = cancellations_to_xml(HEADER, [_line_cancellation(), Cancellation("OUT-000124")])
    assert_valid(document)
    root = etree.fromstring(document)
    lines = root.findall(".//{*}cancellation[@reference='OUT-000123']/{*}line")
    assert [(x.get("product"), x.get("quantity"), x.get("size")) for x in lines] == [
        ("PR-MUG", "2", None),
        ("PR-HOODIE", "1", "M"),
    ]
    assert not root.findall(".//{*}cancellation[@reference='OUT-000124']/{*}line")


def test_line_cancellation_csv_one_row_per_line():
    data = cancellations_to_csv(HEADER, [_line_cancellation()])
    assert data.decode().splitlines() == [
        "document_id;reference;order_ref;reason;position;product;size;quantity",
        "CH-DHL-000001;OUT-000123;WEB-100001;Kunde storniert Teil;1;PR-MUG;;2",
        "CH-DHL-000001;OUT-000123;WEB-100001;Kunde storniert Teil;2;PR-HOODIE;M;1",
    ]


def test_line_cancellation_csv_refuses_profile_without_line_columns():
    with pytest.raises(ValueError, match="product and quantity"):
        cancellations_to_csv(HEADER, [_line_cancellation()], CsvProfile(columns=("reference",)))


def test_line_cancellation_quantity_checked():
    bad = Cancellation("OUT-1", lines=(DeliveryLine("PR-MUG", 0),))
    with pytest.raises(PayloadError):
        cancellations_to_xml(HEADER, [bad])
