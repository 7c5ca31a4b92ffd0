"""CAMT.053 statements: the samples, ids, per-entry errors, hostile and broken files, zips."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from clearhouse.errors import InputError, PayloadError
from clearhouse.payments.camt053 import parse_camt053

DATA = Path(__file__).parent / "data" / "payments"
HOSTILE = sorted((Path(__file__).parent / "data" / "hostile").glob("*.xml"))
V02 = (DATA / "camt053_v02_sparkasse.xml").read_bytes()
V04 = (DATA / "camt053_v04_postbank.xml").read_bytes()
V08 = (DATA / "camt053_v08_volksbank.xml").read_bytes()
ZIP = (DATA / "camt053_batch.zip").read_bytes()
V02_TEXT = V02.decode("utf-8")
NS02 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def line_of(text, needle, after=None):
    index = text.index(needle, text.index(after) if after else 0)
    return text.count("\n", 0, index) + 1


def replaced(old, new, count=1):
    assert old in V02_TEXT, f"sample changed: {old!r} not found"
    return V02_TEXT.replace(old, new, count).encode("utf-8")


def zipped(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "fmt", "count", "skipped"),
    [
        (V02, "camt.053.001.02", 7, 1),
        (V04, "camt.053.001.04", 2, 0),
        (V08, "camt.053.001.08", 5, 1),
        (ZIP, "camt.053.001.02", 9, 1),
    ],
    ids=["v02", "v04", "v08", "zip"],
)
def test_samples_import_fully(data, fmt, count, skipped):
    result = parse_camt053(data)
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.format == fmt
    assert len(result.lines) == count
    assert result.skipped == skipped, "pending/info entries are skipped and counted"
    ids = [line.transaction_id for line in result.lines]
    assert len(set(ids)) == len(ids), "transaction ids are unique within a file"


def test_v02_incoming_transfer_carries_payer_and_remittance():
    line = parse_camt053(V02).lines[0]
    assert line.transaction_id == "2026031305120000001", "the entry's AcctSvcrRef is the id"
    assert (line.date, line.amount, line.currency) == ("2026-03-13", Decimal("49.90"), "EUR")
    assert line.remittance == "Bestellung 4711 Hans Meier"
    assert (line.payer_name, line.payer_iban, line.payer_bic) == (
        "Meier, Hans",
        "DE89370400440532013000",
        "COBADEFFXXX",
    )
    assert line.end_to_end_id == "", "NOTPROVIDED is no end-to-end id"
    assert line.account == "DE17100500000123456789"
    assert line.line == line_of(V02_TEXT, "<TxDtls>")


def test_v02_structured_remittance_is_read():
    line = parse_camt053(V02).lines[1]
    assert "INV/2026/00042" in line.remittance and "RF18539007547034" in line.remittance
    assert line.end_to_end_id == "MH-2026-0311-17"


def test_v02_batch_entry_gives_one_line_per_transaction():
    lines = parse_camt053(V02).lines[2:5]
    assert [line.transaction_id for line in lines] == [
        "2026031305120000003/1",
        "2026031305120000003/2",
        "2026031305120000003/3",
    ]
    assert [line.amount for line in lines] == [Decimal("19.90"), Decimal("65.00"), Decimal("49.80")]
    assert sum(line.amount for line in lines) == Decimal("134.70"), "the batch total"
    assert "Auftrag Nr. 4716 und 4717" in lines[2].remittance


def test_outgoing_entry_is_negative_and_names_the_payee():
    line = parse_camt053(V02).lines[5]
    assert line.amount == Decimal("-412.50")
    assert line.payer_name == "Druckerei Beispiel KG"
    assert line.payer_iban == "DE07701500001000222333"


def test_entry_without_bank_reference_gets_a_stable_hash():
    line = parse_camt053(V02).lines[6]
    assert line.transaction_id.startswith("sha256:")
    assert len(line.transaction_id) == len("sha256:") + 64


def test_v08_party_wrappers_and_dates_are_read():
    lines = parse_camt053(V08).lines
    assert lines[0].payer_name == "Anna Schröder", ".08 wraps the name in <Pty>"
    assert lines[0].payer_bic == "HELADEF1822", ".08 calls the BIC BICFI"
    assert lines[0].date == "2026-03-16", "a booking DtTm is cut to its date"
    assert lines[0].remittance == "SO04712 SO04713 Schröder", "Ustrd pieces are joined"
    assert lines[1].transaction_id == "GLS20260316-7781-0002", "the transaction's own ref"
    assert lines[3].remittance == "Bestellnr. 04719", "Strd/AddtlRmtInf"
    assert lines[4].amount == Decimal("-12.40") and lines[4].remittance.startswith("Konto")


def test_v04_sample_reads_remittance():
    lines = parse_camt053(V04).lines
    assert lines[0].remittance == "Kd-Nr 123 Re 2026/43"
    assert lines[0].payer_bic == "SSKNDE77XXX"


@pytest.mark.parametrize("data", [V02, V04, V08, ZIP], ids=["v02", "v04", "v08", "zip"])
def test_reparsing_yields_identical_ids(data):
    first = [line.transaction_id for line in parse_camt053(data).lines]
    second = [line.transaction_id for line in parse_camt053(bytes(data)).lines]
    assert first == second, "the addon refuses duplicates by these ids"


def test_hash_ids_do_not_depend_on_position_in_the_file():
    entry_start = V02_TEXT.index("<Ntry>")
    last_entry = V02_TEXT.rindex("<Ntry>")
    last_end = V02_TEXT.index("</Ntry>", last_entry) + len("</Ntry>")
    moved = (
        V02_TEXT[:entry_start]
        + V02_TEXT[last_entry:last_end]
        + V02_TEXT[entry_start:last_entry]
        + V02_TEXT[last_end:]
    )
    original = {line.remittance: line.transaction_id for line in parse_camt053(V02).lines}
    reordered = {
        line.remittance: line.transaction_id for line in parse_camt053(moved.encode()).lines
    }
    assert original == reordered


def test_identical_bookings_without_reference_get_distinct_ids():
    start = V02_TEXT.rindex("<Ntry>")
    end = V02_TEXT.index("</Ntry>", start) + len("</Ntry>")
    entry = V02_TEXT[start:end]
    doubled = V02_TEXT[:end] + entry + V02_TEXT[end:]
    lines = parse_camt053(doubled.encode()).lines
    hashed = [line.transaction_id for line in lines if line.transaction_id.startswith("sha256:")]
    assert len(hashed) == 2 and hashed[0] != hashed[1], "two equal transfers are two payments"


def test_bad_amount_costs_only_its_entry():
    data = replaced('<Amt Ccy="EUR">238.00</Amt>', '<Amt Ccy="EUR">2 38,00</Amt>')
    result = parse_camt053(data)
    assert len(result.errors) == 1
    error = result.errors[0]
    assert isinstance(error, PayloadError)
    assert error.record == "2026031305120000002"
    assert (error.code, error.params) == ("entry_amount_invalid", {"value": "2 38,00"})
    assert error.line == line_of(V02_TEXT, '<Amt Ccy="EUR">238.00</Amt>')
    assert len(result.lines) == 6, "the other entries are kept"


def test_batch_transaction_without_amount_costs_only_itself():
    data = replaced('<Amt Ccy="EUR">65.00</Amt>', "")
    result = parse_camt053(data)
    assert [error.record for error in result.errors] == ["2026031305120000003/2"]
    assert result.errors[0].field == "AmtDtls"
    assert result.errors[0].code == "entry_batch_amount_missing"
    assert len(result.lines) == 6


def test_unknown_credit_debit_indicator_is_a_record_error():
    data = replaced(
        "<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>BOOK",
        "<CdtDbtInd>X</CdtDbtInd>\n        <Sts>BOOK",
    )
    result = parse_camt053(data)
    assert [error.field for error in result.errors] == ["CdtDbtInd"]
    assert [(e.code, e.params) for e in result.errors] == [
        ("entry_indicator_invalid", {"value": "X"})
    ]


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (V02[: len(V02) // 2], "input_malformed", None),
        (
            V02.replace(NS02.encode(), b"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"),
            "input_wrong_namespace",
            2,
        ),
        (
            V02.replace(NS02.encode(), b"urn:iso:std:iso:20022:tech:xsd:camt.053.001.03"),
            "input_wrong_namespace",
            2,
        ),
        (V02.replace(f' xmlns="{NS02}"'.encode(), b""), "input_wrong_namespace", 2),
        (b"<Document/>", "input_wrong_namespace", 1),
        (b"", "input_malformed", None),
        (b"not xml at all", "input_malformed", 1),
        (
            V02.replace(b"Meier, Hans", "Meier, Hans Müller".encode("cp1252")),
            "input_malformed",
            None,
        ),
        (
            replaced("<BkToCstmrStmt>", "<Other>").replace(b"</BkToCstmrStmt>", b"</Other>"),
            "input_schema",
            2,
        ),
    ],
    ids=[
        "truncated",
        "camt054",
        "camt053v03",
        "no-namespace",
        "empty-root",
        "empty",
        "text",
        "cp1252-declared-utf8",
        "no-statement",
    ],
)
def test_unreadable_file_is_an_input_error(data, code, line):
    with pytest.raises(InputError) as caught:
        parse_camt053(data)
    assert caught.value.code == code, str(caught.value)
    if line is not None:
        assert caught.value.line == line, str(caught.value)


def test_cp1252_bytes_error_names_the_line():
    data = V02.replace(b"Meier, Hans", "Meier, Hans Müller".encode("cp1252"))
    with pytest.raises(InputError) as caught:
        parse_camt053(data)
    assert (caught.value.code, caught.value.line) == (
        "input_malformed",
        line_of(V02_TEXT, "Meier, Hans"),
    ), "lxml's wording is its own; the code and the line are ours"


BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE Document [
  <!ENTITY a "lol">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<Document xmlns="{NS02}"><BkToCstmrStmt><Stmt><Ntry><AddtlNtryInf>&d;</AddtlNtryInf>
</Ntry></Stmt></BkToCstmrStmt></Document>""".encode()
XXE = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- statement export -->
<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document xmlns="{NS02}"><BkToCstmrStmt><Stmt><Ntry><AddtlNtryInf>&x;</AddtlNtryInf>
</Ntry></Stmt></BkToCstmrStmt></Document>""".encode()
XXE_UTF16 = XXE.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")


@pytest.mark.parametrize(
    ("data", "line"),
    [(BILLION_LAUGHS, 2), (XXE, 3), (XXE_UTF16, 3)]
    + [(path.read_bytes(), None) for path in HOSTILE],
    ids=["billion-laughs", "xxe", "xxe-utf16"] + [path.stem for path in HOSTILE],
)
def test_hostile_xml_is_refused_before_parsing(data, line):
    with pytest.raises(InputError) as caught:
        parse_camt053(data)
    assert caught.value.code == "input_doctype", str(caught.value)
    assert "DOCTYPE" in caught.value.message
    if line is not None:
        assert caught.value.line == line


def test_zip_lines_name_their_member_and_keep_order():
    result = parse_camt053(ZIP)
    assert result.sources == [
        "20260316_C53_DE17100500000123456789_EUR_000052.xml",
        "20260317_C53_DE17100500000123456789_EUR_000053.xml",
    ]
    assert {line.source for line in result.lines[:7]} == {result.sources[0]}
    assert result.lines[7].source == result.sources[1]
    assert result.lines[7].remittance == "Rechnung INV/2026/00044"


def test_zip_ignores_directories_and_non_xml_members():
    data = zipped(
        [
            ("statements/", b""),
            ("__MACOSX/._a.xml", b"\x00\x05\x16\x07"),
            ("README.txt", b"Kontoauszuege"),
            ("statements/a.xml", V04),
        ]
    )
    result = parse_camt053(data)
    assert result.sources == ["statements/a.xml"] and len(result.lines) == 2


def test_overlapping_statements_in_a_zip_are_imported_once():
    result = parse_camt053(zipped([("day.xml", V04), ("day-again.xml", V04)]))
    assert len(result.lines) == 2, "the same bank reference with the same content"
    assert result.duplicates == 2


def test_zip_with_a_bad_member_imports_nothing():
    data = zipped([("a.xml", V04), ("b.xml", V02[:500])])
    with pytest.raises(InputError) as caught:
        parse_camt053(data)
    assert caught.value.params["member"] == "b.xml"
    assert caught.value.message.startswith("b.xml: ")
    assert caught.value.line is not None


def test_zip_bomb_is_refused_at_the_limit():
    bomb = zipped([("bomb.xml", b"<" + b" " * 5_000_000)])
    assert len(bomb) < 20_000, "a real bomb: tiny compressed, large inflated"
    with pytest.raises(InputError) as caught:
        parse_camt053(bomb, max_total_bytes=1_000_000)
    assert caught.value.code == "input_zip_too_large"


def test_zip_bomb_with_lying_sizes_stops_while_inflating():
    bomb = bytearray(zipped([("bomb.xml", b" " * 3_000_000)]))
    # Rewrite the declared sizes (local header and central directory) to 100 bytes.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = bomb.index(signature)
        bomb[start + offset : start + offset + 4] = (100).to_bytes(4, "little")
    with pytest.raises(InputError) as caught:
        parse_camt053(bytes(bomb), max_total_bytes=1_000_000)
    assert caught.value.code in ("input_zip", "input_zip_too_large")


def test_zip_with_too_many_members_is_refused():
    data = zipped([(f"{number}.xml", V04) for number in range(6)])
    with pytest.raises(InputError) as caught:
        parse_camt053(data, max_members=5)
    assert caught.value.code == "input_zip_members"


def test_zip_member_names_are_never_used_as_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = zipped([("../../evil.xml", V04), ("/abs/evil2.xml", V04)])
    result = parse_camt053(data)
    assert result.sources == ["../../evil.xml", "/abs/evil2.xml"], "names are labels only"
    assert list(tmp_path.iterdir()) == [], "nothing is extracted"
    assert not (tmp_path.parent.parent / "evil.xml").exists()


def test_encrypted_or_broken_zip_is_an_input_error():
    with pytest.raises(InputError) as caught:
        parse_camt053(ZIP[: len(ZIP) // 2])
    assert caught.value.code == "input_zip"


def test_oversized_file_is_refused():
    with pytest.raises(InputError) as caught:
        parse_camt053(V02, max_bytes=1000)
    assert caught.value.code == "input_too_large"


def test_text_instead_of_bytes_is_a_programming_error():
    with pytest.raises(TypeError):
        parse_camt053(V02_TEXT)
