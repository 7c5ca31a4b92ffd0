"""One byte decoder for every text file: order CSV, statements, confirmations."""

import codecs
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.errors import InputError
from clearhouse.intake.csv import parse_orders_csv
from clearhouse.logistics.documents import CONFIRMATION_CSV, parse_confirmations_csv
from clearhouse.payments.csv_profiles import parse_statement_csv
from clearhouse.payments.mt940 import parse_mt940
from clearhouse.textfiles import decode_text, encoding_label

GERMAN = "Nachname;Straße\nMüller;Grüner Weg 1\n"

READABLE = [
    # data, encodings, text, encoding that read it
    (GERMAN.encode("utf-8"), None, GERMAN, "utf-8"),
    (GERMAN.encode("cp1252"), None, GERMAN, "cp1252"),
    (codecs.BOM_UTF8 + GERMAN.encode("utf-8"), None, GERMAN, "utf-8-sig"),
    (codecs.BOM_UTF8 + GERMAN.encode("utf-8"), "cp1252", GERMAN, "utf-8-sig"),
    (GERMAN.encode("utf-16"), ("utf-8", "utf-16"), GERMAN, "utf-16"),
    (GERMAN.encode("utf-32"), ("utf-8", "utf-32"), GERMAN, "utf-32"),
    (GERMAN.encode("iso-8859-15"), "iso-8859-15", GERMAN, "iso-8859-15"),
    ("Preis 5 €\n".encode("cp1252"), ("utf-8", "cp1252"), "Preis 5 €\n", "cp1252"),
    (b"", None, "", "utf-8"),
]


@pytest.mark.parametrize(("data", "encodings", "text", "encoding"), READABLE)
def test_readable_files(data, encodings, text, encoding):
    assert tuple(decode_text(data, encodings)) == (text, encoding)


UNREADABLE = [
    # data, encodings, line, params
    (GERMAN.encode("cp1252"), "utf-8", 1, {"encoding": "UTF-8", "byte": "DF"}),
    (b"a\nb\n\x81\n", None, 3, {"encoding": "UTF-8", "byte": "81"}),
    (GERMAN.encode("utf-16"), None, 1, {"encoding": "UTF-16", "expected": "UTF-8 or Windows-1252"}),
    (GERMAN.encode("utf-16-le"), "cp1252", 1, {"encoding": "UTF-16", "expected": "Windows-1252"}),
    (GERMAN.encode("utf-32"), ("utf-16",), 1, {"encoding": "UTF-32", "expected": "UTF-8"}),
    (b"first line\nPK\x03\x04\x14\x00\x08\x00", None, 2, {"encoding": "UTF-8"}),
    (b"only ascii", ("utf-16",), 1, {"encoding": "8-bit text", "expected": "UTF-16"}),
]


ENCODING_CODES = ("input_undecodable", "input_encoding_wide", "input_binary")


@pytest.mark.parametrize(("data", "encodings", "line", "params"), UNREADABLE)
def test_unreadable_files_name_line_and_encoding(data, encodings, line, params):
    with pytest.raises(InputError) as caught:
        decode_text(data, encodings, source="The test file")
    error = caught.value
    code = (
        "input_undecodable"
        if "byte" in params
        else ("input_encoding_wide" if "expected" in params else "input_binary")
    )
    assert (error.code, error.line, error.params) == (code, line, params), str(error)
    assert error.message.startswith("The test file "), "the caller names the file"


def test_unknown_encoding_is_a_programming_error():
    with pytest.raises(ValueError):
        decode_text(b"x", "no-such-codec")


@pytest.mark.parametrize(
    ("name", "label"),
    [("cp1252", "Windows-1252"), ("windows-1252", "Windows-1252"), ("UTF8", "UTF-8")],
)
def test_encoding_labels_are_what_people_call_them(name, label):
    assert encoding_label(name) == label


@given(st.binary(max_size=300))
def test_any_bytes_are_text_that_encodes_back_or_an_input_error(data):
    try:
        text, encoding = decode_text(data)
    except InputError as exc:
        assert exc.code in ENCODING_CODES and exc.line >= 1
    else:
        assert text.encode(encoding) == data, "nothing was lost or replaced"


@given(st.text(alphabet=st.characters(codec="cp1252", exclude_characters="\x00"), max_size=80))
def test_utf8_text_reads_back_as_written(text):
    assert decode_text(text.encode("utf-8")).text == text
    marked = decode_text(codecs.BOM_UTF8 + text.encode("utf-8"), "cp1252")
    assert tuple(marked) == (text, "utf-8-sig"), "the byte-order mark beats the profile"


# Every reader refuses the same bytes with the same error -----------------------

UTF16 = "reference;status;timestamp\r\nOUT-1;shipped;2026-10-02T14:03:00Z\r\n".encode("utf-16")
READERS = [
    lambda data: parse_orders_csv(data),
    lambda data: parse_statement_csv(data, "sparkasse_camt_csv"),
    lambda data: parse_mt940(data),
    lambda data: parse_confirmations_csv(data, replace(CONFIRMATION_CSV, encoding="cp1252")),
]


@pytest.mark.parametrize("read", READERS, ids=["orders", "statement csv", "mt940", "confirm"])
def test_every_reader_refuses_binary_files_alike(read):
    with pytest.raises(InputError) as caught:
        read(b"header;x\r\nPK\x03\x04\x00\x00\x14\x00binary\r\n")
    assert (caught.value.code, caught.value.line) == ("input_binary", 2)


@pytest.mark.parametrize("read", READERS[1:], ids=["statement csv", "mt940", "confirm"])
def test_readers_with_a_profile_refuse_utf16_alike(read):
    with pytest.raises(InputError) as caught:
        read(UTF16)
    assert (caught.value.code, caught.value.params["encoding"]) == (
        "input_encoding_wide",
        "UTF-16",
    )
