"""SWIFT MT940 statements as German banks write them, read with the ``mt-940`` package.

German banks (Sparkasse, Volksbank, Postbank, ...) put the booking details into a
structured ``:86:`` field: ``?00`` posting text, ``?20``-``?29`` purpose with SEPA tags
(``EREF+`` end-to-end reference, ``SVWZ+`` remittance, ``ABWA+`` ultimate debtor),
``?30`` BIC, ``?31`` IBAN, ``?32``/``?33`` name. ``mt-940`` splits those; a free-text
``:86:`` (other banks) becomes the remittance as it is.

The file is cut into statements (``:20:``) and bookings (``:61:`` with its ``:86:``)
first, and each booking is parsed on its own with its statement's header: a booking
the package cannot read costs only that booking, with its line. A statement without
opening or closing balance, or whose bookings do not add up to its closing balance,
makes the file unusable: that is what a truncated or edited file looks like.

MT940 has no unique booking id (``NONREF`` is common), so every line gets a stable
hash of account, dates, amount, texts and references (see ``_common.IdRegistry``).
"""

import io
import re

import mt940

from clearhouse.errors import InputError, PayloadError
from clearhouse.intake.limits import checked_bytes
from clearhouse.payments._common import (
    MAX_BYTES,
    IdRegistry,
    clean_iban,
    clean_ref,
)
from clearhouse.payments.types import ParseResult, StatementLine
from clearhouse.textfiles import decode_text

# Parser fixes of mt-940 5.1 that 5.0 lacked; named one by one so that a later release
# adding options changes nothing here.
OPTIONS = mt940.Options(
    applicant_iban=True,
    merge_keeps_values=True,
    reversal_sign=True,
    case_insensitive_marks=True,
    unbounded_details=True,
    strip_bom=True,
    gvc_leading_text=True,
)

_TAG = re.compile(r"^:(\d{2}[A-Z]?|NS):")
_BOOKING_PARTS = ("86", "NS")
_PACKAGE_ERRORS = (RuntimeError, ValueError, ArithmeticError, KeyError, IndexError, TypeError)


def parse_mt940(data, *, encoding=None, max_bytes=MAX_BYTES):
    """Read an MT940 file; ``InputError`` if the file as a whole is unusable.

    ``encoding`` None reads UTF-8, else Windows-1252 (the usual ISO 8859-1 of German
    banks); a given encoding is binding.
    """
    data = checked_bytes(data, max_bytes, "parse_mt940")
    text = decode_text(data, encoding, source="The MT940 file").text
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tags = [(number, match.group(1)) for number, match in _tag_lines(lines)]
    starts = [index for index, (_number, tag) in enumerate(tags) if tag == "20"]
    if not starts:
        raise InputError(
            "The file is not an MT940 statement: it has no :20: field.",
            code="mt940_no_statement",
            line=1,
        )
    result = ParseResult(format="mt940")
    registry = IdRegistry()
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(tags)
        _parse_statement(lines, tags, start, end, result, registry)
    return result


def _tag_lines(lines):
    for index, line in enumerate(lines):
        match = _TAG.match(line.strip())
        if match:
            yield index + 1, match


def _parse_statement(lines, tags, start, end, result, registry):
    """One ``:20:`` block: header, bookings, closing balance."""
    first_line = tags[start][0]
    booking_tags = [i for i in range(start, end) if tags[i][1] == "61"]
    closing = next((i for i in range(start, end) if tags[i][1].startswith("62")), None)
    header_end = booking_tags[0] if booking_tags else closing
    if closing is None or header_end is None:
        raise InputError(
            f"The statement starting on line {first_line} has no closing balance (:62F:); "
            "the file may be truncated.",
            code="mt940_closing_missing",
            field=":62F:",
            line=first_line,
        )
    header = _text(lines, first_line, tags[header_end][0])
    statement = _package_parse(header, first_line, "header")
    opening = _balance(statement, ("final_opening_balance", "intermediate_opening_balance"))
    if opening is None:
        raise InputError(
            f"The statement starting on line {first_line} has no opening balance (:60F:), so "
            "its currency is unknown.",
            code="mt940_opening_missing",
            field=":60F:",
            line=first_line,
        )
    account = str(statement.data.get("account_identification") or "").strip()
    currency = opening.amount.currency
    total = opening.amount.amount
    complete = True
    for number, index in enumerate(booking_tags, start=1):
        booking_line = tags[index][0]
        stop = index + 1
        while stop < end and tags[stop][1] in _BOOKING_PARTS:
            stop += 1
        stop_line = tags[stop][0] if stop < end else _end_line(lines, tags, end)
        record = f"{account} #{number}" if account else f"#{number}"
        try:
            parsed = _package_parse(
                header + "\n" + _text(lines, booking_line, stop_line), booking_line, record
            )
            line = _statement_line(parsed, account, currency, booking_line, registry)
        except (InputError, PayloadError) as exc:
            complete = False
            result.errors.append(
                PayloadError(
                    f"Booking {number} of the statement on line {first_line}: {exc.message}",
                    code=exc.code,
                    record=record,
                    field=exc.field or ":61:",
                    line=booking_line,
                    **{**exc.params, "number": number, "statement_line": first_line},
                )
            )
            continue
        total += line.amount
        result.lines.append(line)
    closing_line = tags[closing][0]
    final = _package_parse(
        header + "\n" + _text(lines, closing_line, closing_line + 1), closing_line, "closing"
    )
    balance = _balance(final, ("final_closing_balance", "intermediate_closing_balance"))
    if balance is None:
        raise InputError(
            f"The closing balance on line {closing_line} cannot be read.",
            code="mt940_closing_unreadable",
            field=":62F:",
            line=closing_line,
        )
    if complete and balance.amount.amount != total:
        raise InputError(
            f"The bookings of the statement on line {first_line} add up to {total}, but its "
            f"closing balance on line {closing_line} is {balance.amount.amount}; the file may "
            "be truncated or edited.",
            code="mt940_balance_mismatch",
            field=":62F:",
            line=closing_line,
            total=str(total),
            balance=str(balance.amount.amount),
            statement_line=first_line,
        )


def _text(lines, first, stop):
    """Lines ``first`` to ``stop - 1`` (1-based) as one string."""
    return "\n".join(line.rstrip() for line in lines[first - 1 : stop - 1])


def _end_line(lines, tags, end):
    return tags[end][0] if end < len(tags) else len(lines) + 1


def _package_parse(text, line, record):
    """``mt940.models.Transactions`` of ``text``; its failures become our errors.

    A handle, not the string: ``mt940.parse`` reads a string naming an existing file.
    """
    try:
        return mt940.parse(io.StringIO(text), options=OPTIONS)
    except _PACKAGE_ERRORS as exc:
        message = str(exc.args[0]) if exc.args else type(exc).__name__
        error = PayloadError if record not in ("header", "closing") else InputError
        raise error(
            f"cannot be read as MT940 ({message[:160]})",
            code="mt940_unreadable",
            record=record,
            line=line,
            detail=message[:160],
        ) from None


def _balance(statement, keys):
    for key in keys:
        balance = statement.data.get(key)
        if balance is not None:
            return balance
    return None


def _statement_line(parsed, account, currency, line, registry):
    if len(parsed) != 1:
        raise PayloadError(
            "the :61: field cannot be read",
            code="mt940_booking_unreadable",
            field=":61:",
            line=line,
        )
    data = parsed[0].data
    amount = data["amount"].amount
    currency = data["amount"].currency or currency
    value_date = data["date"].isoformat()
    entry_date = data.get("entry_date")
    date = entry_date.isoformat() if entry_date else value_date
    remittance = data.get("purpose") or data.get("transaction_details") or ""
    remittance = " ".join(str(remittance).split())
    name = " ".join(str(data.get("applicant_name") or "").split())
    iban = clean_iban(data.get("applicant_iban"))
    end_to_end = clean_ref(data.get("end_to_end_reference"))
    references = (clean_ref(data.get("customer_reference")), clean_ref(data.get("bank_reference")))
    transaction_id = registry.hashed(
        account,
        date,
        value_date,
        str(amount),
        currency,
        remittance,
        name,
        iban,
        end_to_end,
        *references,
    )
    return StatementLine(
        transaction_id=transaction_id,
        date=date,
        amount=amount,
        currency=currency,
        remittance=remittance,
        payer_name=name,
        payer_iban=iban,
        payer_bic=str(data.get("applicant_bin") or "").strip(),
        end_to_end_id=end_to_end,
        line=line,
        value_date=value_date,
        account=account,
        booking_text=" ".join(str(data.get("posting_text") or "").split()),
    )
