"""PayPal fees as bookings of their own.

PayPal reports each transaction gross with the fee it kept; its balance moves by the
net amount. The customer paid the gross amount, which settles the order or invoice in
full, and the fee is an expense of ours (German books: "Nebenkosten des Geldverkehrs";
revenue and fee are never netted, § 246 (2) HGB). So every transaction with a fee
becomes two statement lines: the gross amount, matched like any payment, and the fee,
booked to the journal's fee account. Together they move the journal's balance exactly
as PayPal's.

The fee line's id is the transaction's id with ``FEE_SUFFIX``: importing or fetching the
same transactions again adds neither line twice.
"""

import dataclasses
from decimal import Decimal

FEE_SUFFIX = "/fee"


def fee_line(line):
    """The booking of ``line``'s fee, or None when it has none.

    A charged fee is money out (negative), a fee PayPal returned with a refund money in.
    """
    fee = line.fee or Decimal(0)
    if not fee:
        return None
    return dataclasses.replace(
        line,
        transaction_id=line.transaction_id + FEE_SUFFIX,
        amount=-fee,
        fee=Decimal(0),
        fee_for=line.transaction_id,
        remittance="",
        payer_name="",
        payer_iban="",
        payer_bic="",
        payer_email="",
        end_to_end_id="",
    )


def with_fee_lines(lines):
    """``lines`` with the booking of each one's fee right after it."""
    result = []
    for line in lines:
        result.append(line)
        fee = fee_line(line)
        if fee is not None:
            result.append(fee)
    return result
