"""PayPal fees become bookings of their own; PayPal's sign survives the parsers."""

from decimal import Decimal
from pathlib import Path

import pytest

from clearhouse.payments import parse_paypal_csv
from clearhouse.payments.fees import FEE_SUFFIX, fee_line, with_fee_lines
from clearhouse.payments.paypal_api import map_transaction
from clearhouse.payments.types import StatementLine

DATA = Path(__file__).parent / "data" / "payments"
D = Decimal


def _line(transaction_id, amount, fee):
    return StatementLine(
        transaction_id=transaction_id,
        date="2026-03-13",
        amount=D(amount),
        currency="EUR",
        remittance="Bestellung 4711",
        payer_name="Hans Meier",
        payer_email="hans.meier@example.de",
        fee=D(fee),
        line=2,
    )


@pytest.mark.parametrize(
    ("amount", "fee", "fee_amount"),
    [
        ("49.90", "1.30", "-1.30"),  # a payment: PayPal kept 1.30
        ("-19.90", "-0.52", "0.52"),  # a refund: PayPal returned 0.52 of its fee
        ("49.90", "0", None),  # no fee: no booking
        ("49.90", "0.00", None),
    ],
)
def test_fee_line(amount, fee, fee_amount):
    line = _line("5TY12345AB678901C", amount, fee)
    booked = fee_line(line)
    if fee_amount is None:
        assert booked is None
        return
    assert booked.amount == D(fee_amount)
    assert booked.transaction_id == "5TY12345AB678901C" + FEE_SUFFIX
    assert booked.fee_for == "5TY12345AB678901C" and booked.fee == 0
    assert (booked.date, booked.currency, booked.line) == ("2026-03-13", "EUR", 2)
    assert not (booked.remittance or booked.payer_name or booked.payer_email), (
        "the fee is PayPal's, not the customer's: nothing of the payer may match it"
    )
    assert line.amount + booked.amount == line.amount - line.fee, "gross + fee = net"


def test_fee_lines_follow_their_transaction_and_keep_ids_stable():
    lines = [_line("A", "10.00", "0.50"), _line("B", "5.00", "0"), _line("C", "-3.00", "-0.10")]
    first = with_fee_lines(lines)
    assert [line.transaction_id for line in first] == ["A", "A/fee", "B", "C", "C/fee"]
    assert [line.transaction_id for line in with_fee_lines(lines)] == [
        line.transaction_id for line in first
    ], "the same transactions give the same ids: a re-import adds nothing"
    assert sum(line.amount for line in first) == D("11.60"), "the net movement of the balance"


def test_paypal_csv_fees_keep_their_sign():
    """paypal_de.csv: Gebühr -1,30 / -23,81 charged, 0,52 returned with the refund."""
    result = parse_paypal_csv((DATA / "paypal_de.csv").read_bytes())
    assert [line.fee for line in result.lines] == [D("1.30"), D("23.81"), D("-0.52"), D(0)]
    nets = [line.amount - line.fee for line in result.lines]
    assert nets == [D("48.60"), D("1210.75"), D("-19.38"), D("-2000.00")], "PayPal's Netto"


@pytest.mark.parametrize(("value", "fee"), [("-1.05", D("1.05")), ("0.35", D("-0.35"))])
def test_paypal_api_fee_sign(value, fee):
    item = {
        "transaction_info": {
            "transaction_id": "9XY",
            "transaction_status": "S",
            "transaction_initiation_date": "2026-03-11T09:15:44+0000",
            "transaction_amount": {"currency_code": "EUR", "value": "-10.00"},
            "fee_amount": {"currency_code": "EUR", "value": value},
        }
    }
    assert map_transaction(item).fee == fee
