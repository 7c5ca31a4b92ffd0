import pytest

from clearhouse.desk import REASON_ACTIONS, parse_returned_mail_csv, reason_code
from clearhouse.errors import InputError


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Empfänger unbekannt verzogen", "moved"),
        ("unbekannt verzogen", "moved"),
        ("Adresse unvollständig", "incomplete"),
        ("Anschrift unzureichend", "incomplete"),
        ("Empfänger unbekannt", "unknown"),
        ("Annahme verweigert", "refused"),
        ("Empfänger verstorben", "deceased"),
        ("Kein Briefkasten", "no_mailbox"),
        ("moved, no forwarding address", "moved"),
        ("Wasserschaden", "other"),
    ],
)
def test_reason_code(text, code):
    assert reason_code(text) == code
    assert code in REASON_ACTIONS


def test_parse_german_csv_with_windows_1252():
    data = (
        "Kundennummer;Briefnummer;Grund\n"
        "K-1001;;unbekannt verzogen\n"
        ";L-2002;Adresse unvollständig\n"
        "\n"
    ).encode("cp1252")
    rows = parse_returned_mail_csv(data)
    assert [(r.line, r.customer_ref, r.letter_ref, r.reason_code, r.action) for r in rows] == [
        (2, "K-1001", "", "moved", "block"),
        (3, "", "L-2002", "incomplete", "research"),
    ]


def test_parse_row_without_reference_names_line():
    data = b"customer_ref,reason\nK-1,moved\n,moved\n"
    with pytest.raises(InputError) as err:
        parse_returned_mail_csv(data)
    assert err.value.line == 3
    assert err.value.code == "returned_mail_no_ref"


def test_parse_row_without_reason_names_line():
    with pytest.raises(InputError) as err:
        parse_returned_mail_csv(b"customer_ref;reason\nK-1;\n")
    assert (err.value.line, err.value.code) == (2, "returned_mail_no_reason")


def test_parse_header_without_reason_refused():
    with pytest.raises(InputError) as err:
        parse_returned_mail_csv(b"customer_ref;note\nK-1;x\n")
    assert err.value.code == "returned_mail_header"
