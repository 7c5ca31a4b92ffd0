import pytest

from clearhouse.desk import QUERY_KINDS, classify_query


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("anna.schneider@example.com", "email"),
        ("S00042", "order_ref"),
        ("WEB-100001", "order_ref"),
        ("00340434161094042557", "tracking"),
        ("JJD000390007880512345", "tracking"),
        ("1Z999AA10123456784", "tracking"),
        ("RR123456785DE", "tracking"),
        ("030 44021187", "phone"),
        ("+49 30 44021187", "phone"),
        ("4711 0815 1234 5678", "card"),
        ("GIFT-7KX9-QP2M", "voucher"),
        ("Anna Schneider", "name"),
        ("Schneider", "name"),
        ("Müller-Lüdenscheidt", "name"),
    ],
)
def test_classify_query_first_kind(text, first):
    kinds = classify_query(text)
    assert kinds[0] == first, kinds
    assert set(kinds) <= set(QUERY_KINDS)


def test_digits_may_be_several_kinds():
    kinds = classify_query("0304402118712")
    assert {"tracking", "phone", "order_ref"} <= set(kinds)


def test_letter_only_voucher_codes_are_vouchers_and_names():
    assert classify_query("kasam-yydfa-manne") == ("voucher", "name")
    assert classify_query("Müller-Lüdenscheidt") == ("name",)
    assert classify_query("Anna-Lena-Schmidt") == ("voucher", "name")


def test_email_is_only_email_and_empty_is_nothing():
    assert classify_query("a@b.de") == ("email",)
    assert classify_query("   ") == ()
