"""Bank and PayPal CSV exports, read through a configurable ``CsvProfile``.

Every bank writes its own CSV. A profile says how one export looks: delimiter, encoding,
number and date formats, lines before the header, the sign convention, and for each
field the header names it may have. The built-in ``PROFILES`` cover German bank
exports (semicolon, decimal comma, ``dd.mm.yyyy``, Windows-1252) and PayPal's activity
download in English and German; the addon stores further profiles as records and
builds ``CsvProfile`` from them.

The profile's encoding is binding (a UTF-8 byte-order mark is believed, see
``_common.decode``): a file in another encoding is refused with the line of the first
byte that does not fit, rather than imported with garbled names. A header without a
required column is refused; a row with an unreadable date or amount costs that row.
Line numbers are physical lines of the file.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from clearhouse.errors import ClearhouseError, InputError, PayloadError
from clearhouse.intake.limits import checked_bytes
from clearhouse.payments._common import (
    MAX_BYTES,
    IdRegistry,
    clean_iban,
    clean_ref,
    parse_decimal,
)
from clearhouse.payments.types import ParseResult, StatementLine
from clearhouse.textfiles import decode_text

SIGNED = "signed"  # one amount column, negative for outgoing money
DEBIT_CREDIT = "debit_credit"  # separate debit and credit columns, both unsigned
INDICATOR = "indicator"  # unsigned amount plus a column saying debit or credit
SIGN_CONVENTIONS = (SIGNED, DEBIT_CREDIT, INDICATOR)

# Fields a profile can map. Several header names per field: the first present wins,
# except for the fields in ``CsvProfile.joined``, whose present columns are joined.
FIELDS = (
    "date",
    "value_date",
    "amount",
    "debit",
    "credit",
    "indicator",
    "currency",
    "remittance",
    "payer_name",
    "payer_iban",
    "payer_bic",
    "end_to_end_id",
    "transaction_id",
    "booking_text",
    "account",
    "fee",
    "status",
    "payer_email",
)

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class CsvProfile:
    """How one CSV export looks; see the module docstring.

    ``statuses`` (PayPal) lists the status values to import; rows with another status
    are skipped and counted. ``debit_values`` and ``credit_values`` are what the
    indicator column says for money out and in (compared case-insensitively).
    """

    name: str
    columns: dict = field(hash=False)  # field -> tuple of header names
    delimiter: str = ";"
    encoding: str = "cp1252"
    decimal_separator: str = ","
    thousands_separator: str = "."
    date_format: str = "%d.%m.%Y"
    skip_rows: int = 0
    sign: str = SIGNED
    debit_values: tuple = ("S", "D", "DBIT", "Soll", "Debit", "-")
    credit_values: tuple = ("H", "C", "CRDT", "Haben", "Credit", "+")
    default_currency: str = "EUR"
    joined: tuple = ("remittance",)
    statuses: tuple = ()
    quotechar: str = '"'

    def __post_init__(self):
        problem = profile_problem(self)
        if problem:
            code, message, params = problem
            raise ProfileError(f"profile {self.name}: {message}", code=code, **params)


class ProfileError(ClearhouseError, ValueError):
    """A profile that cannot read any file; ``code`` and ``params`` say what is wrong."""

    code = "profile_invalid"


def required_fields(sign):
    """The fields a profile with the sign convention ``sign`` must map to a column."""
    return (
        "date",
        *{SIGNED: ("amount",), DEBIT_CREDIT: ("debit", "credit")}.get(
            sign, ("amount", "indicator")
        ),
    )


def profile_problem(profile):
    """``(code, English text, params)`` of the first flaw of a profile, or None.

    Checked when a profile is made, so a stored profile the addon builds fails on save,
    not on the first import.
    """
    unknown = sorted(set(profile.columns) - set(FIELDS))
    if unknown:
        return (
            "profile_unknown_fields",
            f"unknown field(s) {', '.join(unknown)}",
            {"fields": unknown},
        )
    if profile.sign not in SIGN_CONVENTIONS:
        return "profile_sign", f"sign must be one of {SIGN_CONVENTIONS}", {"sign": profile.sign}
    missing = [name for name in required_fields(profile.sign) if not profile.columns.get(name)]
    if missing:
        return "profile_columns_missing", f"no column for {', '.join(missing)}", {"fields": missing}
    if profile.skip_rows < 0:
        return "profile_skip_rows", "lines before the header cannot be negative", {}
    if not _date_format_works(profile.date_format):
        return (
            "profile_date_format",
            f"date format {profile.date_format!r} does not read back the dates it writes",
            {"date_format": profile.date_format},
        )
    if profile.decimal_separator == profile.thousands_separator:
        return "profile_separators", "decimal and thousands separators must differ", {}
    currency = profile.default_currency
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        return (
            "profile_currency",
            f"default currency {currency!r} is not a three-letter code",
            {"currency": currency},
        )
    return None


def _date_format_works(date_format):
    """Whether ``date_format`` has day, month and year: a date survives a round trip."""
    sample = datetime.date(2026, 3, 13)
    try:
        written = sample.strftime(date_format)
        return datetime.datetime.strptime(written, date_format).date() == sample
    except (ValueError, TypeError):
        return False


_GERMAN_NUMBERS = {"decimal_separator": ",", "thousands_separator": "."}

SPARKASSE_CAMT_CSV = CsvProfile(
    name="sparkasse_camt_csv",
    columns={
        "account": ("Auftragskonto",),
        "date": ("Buchungstag",),
        "value_date": ("Valutadatum",),
        "booking_text": ("Buchungstext",),
        "remittance": ("Verwendungszweck",),
        "end_to_end_id": ("Kundenreferenz (End-to-End)",),
        "payer_name": ("Beguenstigter/Zahlungspflichtiger",),
        "payer_iban": ("Kontonummer/IBAN",),
        "payer_bic": ("BIC (SWIFT-Code)",),
        "amount": ("Betrag",),
        "currency": ("Waehrung",),
        "status": ("Info",),
    },
    date_format="%d.%m.%y",
    statuses=("Umsatz gebucht",),
    **_GERMAN_NUMBERS,
)

GENERIC_DE = CsvProfile(
    name="generic_de",
    columns={
        "account": ("Auftragskonto", "Konto", "IBAN Auftragskonto"),
        "date": ("Buchungstag", "Buchungsdatum", "Datum"),
        "value_date": ("Valuta", "Valutadatum", "Wertstellung", "Wertstellungsdatum"),
        "booking_text": ("Buchungstext", "Umsatzart", "Vorgang"),
        "remittance": ("Verwendungszweck",),
        "end_to_end_id": ("Kundenreferenz", "End-to-End-Referenz", "Kundenreferenz (End-to-End)"),
        "payer_name": (
            "Auftraggeber/Empfänger",
            "Name Zahlungsbeteiligter",
            "Beguenstigter/Zahlungspflichtiger",
            "Zahlungspflichtige*r",
            "Empfänger",
            "Auftraggeber",
            "Name",
        ),
        "payer_iban": ("IBAN", "IBAN Zahlungsbeteiligter", "Kontonummer/IBAN", "Kontonummer"),
        "payer_bic": ("BIC", "BIC Zahlungsbeteiligter", "BIC (SWIFT-Code)"),
        "amount": ("Betrag", "Betrag (€)", "Betrag (EUR)", "Umsatz"),
        "currency": ("Währung", "Waehrung"),
    },
    **_GERMAN_NUMBERS,
)

# Volksbank/Atruvia style: unsigned amounts and a column "S" (Soll) or "H" (Haben).
GENERIC_DE_INDICATOR = CsvProfile(
    name="generic_de_indicator",
    columns={
        **GENERIC_DE.columns,
        "amount": ("Umsatz", "Betrag"),
        "indicator": ("Soll/Haben", "S/H", " "),
    },
    sign=INDICATOR,
    **_GERMAN_NUMBERS,
)

_PAYPAL_COMMON = {
    "payer_name": ("Name",),
    "status": ("Status",),
}

PAYPAL_DE = CsvProfile(
    name="paypal_de",
    columns={
        **_PAYPAL_COMMON,
        "date": ("Datum",),
        "amount": ("Brutto",),
        "fee": ("Gebühr", "Gebuehr"),
        "currency": ("Währung", "Waehrung"),
        "transaction_id": ("Transaktionscode",),
        "remittance": ("Rechnungsnummer", "Betreff", "Hinweis", "Artikelbezeichnung"),
        "booking_text": ("Typ", "Beschreibung"),
        "payer_email": ("Absender E-Mail-Adresse", "Absender-E-Mail-Adresse"),
    },
    delimiter=",",
    encoding="utf-8",
    statuses=("Abgeschlossen", "Completed"),
    **_GERMAN_NUMBERS,
)

PAYPAL_EN = CsvProfile(
    name="paypal_en",
    columns={
        **_PAYPAL_COMMON,
        "date": ("Date",),
        "amount": ("Gross",),
        "fee": ("Fee",),
        "currency": ("Currency",),
        "transaction_id": ("Transaction ID",),
        "remittance": ("Invoice Number", "Subject", "Note", "Item Title"),
        "booking_text": ("Type", "Description"),
        "payer_email": ("From Email Address",),
    },
    delimiter=",",
    encoding="utf-8",
    decimal_separator=".",
    thousands_separator=",",
    date_format="%m/%d/%Y",
    statuses=("Completed",),
)

PROFILES = {
    profile.name: profile
    for profile in (SPARKASSE_CAMT_CSV, GENERIC_DE, GENERIC_DE_INDICATOR, PAYPAL_DE, PAYPAL_EN)
}


def parse_statement_csv(data, profile, *, max_bytes=MAX_BYTES):
    """Read a CSV export with ``profile`` (a ``CsvProfile`` or the name of a built-in)."""
    if isinstance(profile, str):
        if profile not in PROFILES:
            raise ValueError(f"unknown CSV profile {profile!r}; built-in: {', '.join(PROFILES)}")
        profile = PROFILES[profile]
    data = checked_bytes(data, max_bytes, "parse_statement_csv")
    text = decode_text(data, profile.encoding, source="The CSV file").text
    stream = io.StringIO(text, newline="")
    for _skipped in range(profile.skip_rows):
        stream.readline()
    reader = csv.reader(stream, delimiter=profile.delimiter, quotechar=profile.quotechar)
    rows = _numbered_rows(reader, profile.skip_rows)
    result = ParseResult(format=profile.name)
    try:
        header_line, header = next(rows, (profile.skip_rows + 1, None))
        if header is None:
            raise InputError("The file has no header line.", code="input_empty", line=header_line)
        positions = _columns(header, profile, header_line)
        _rows(rows, profile, positions, result)
    except csv.Error as exc:
        raise InputError(
            f"The file is not readable as CSV: {exc}.",
            code="input_malformed",
            line=profile.skip_rows + reader.line_num,
            detail=str(exc),
        ) from None
    return result


def _numbered_rows(reader, offset):
    """Non-blank rows with the physical line each starts on (a quoted cell may span lines)."""
    previous = 0
    for row in reader:
        line = offset + previous + 1
        previous = reader.line_num
        if any(cell.strip() for cell in row):
            yield line, row


def parse_paypal_csv(data, *, max_bytes=MAX_BYTES):
    """PayPal activity download; the language (``Datum`` or ``Date``) picks the profile."""
    data = checked_bytes(data, max_bytes, "parse_paypal_csv")
    text = decode_text(data, "utf-8", source="The PayPal file").text
    first = next(csv.reader(io.StringIO(text[:8192], newline="")), [])
    keys = {_key(name) for name in first}
    for profile in (PAYPAL_DE, PAYPAL_EN):
        if _key(profile.columns["date"][0]) in keys:
            return parse_statement_csv(data, profile, max_bytes=max_bytes)
    raise InputError(
        "The file is not a PayPal activity download: its header has neither Date nor Datum.",
        code="paypal_csv_header",
        line=1,
    )


def _key(name):
    """Header names as compared: case, spacing and umlaut spelling do not matter."""
    return " ".join(name.replace("\ufeff", "").casefold().translate(_UMLAUTS).split())


def _columns(header, profile, line):
    """Column index of each mapped field (a tuple of indexes for joined fields)."""
    index = {}
    for position, name in enumerate(header):
        index.setdefault(_key(name), position)
    positions = {}
    for name, aliases in profile.columns.items():
        found = [index[_key(alias)] for alias in aliases if _key(alias) in index]
        if found:
            positions[name] = tuple(found) if name in profile.joined else found[0]
    missing = [name for name in required_fields(profile.sign) if name not in positions]
    if missing:
        wanted = "; ".join(f"{name}: {' or '.join(profile.columns[name])}" for name in missing)
        raise InputError(
            f"The header does not fit the profile {profile.name}: it lacks the column(s) {wanted}.",
            code="input_header",
            field=missing[0],
            line=line,
            profile=profile.name,
            fields=missing,
            columns={name: list(profile.columns[name]) for name in missing},
        )
    return positions


def _rows(rows, profile, positions, result):
    registry = IdRegistry()
    for line, row in rows:
        values = _values(row, positions)
        record = values.get("transaction_id") or None
        status = values.get("status", "")
        if profile.statuses and status and status not in profile.statuses:
            result.skipped += 1
            continue
        try:
            line_values = _line_values(values, profile, record, line)
        except PayloadError as exc:
            result.errors.append(exc)
            continue
        if line_values is None:
            continue
        bank_id = values.get("transaction_id", "")
        if bank_id:
            content = (line_values["date"], str(line_values["amount"]), values.get("remittance"))
            transaction_id = registry.bank(bank_id, content)
            if transaction_id is None:
                result.duplicates += 1
                continue
        else:
            transaction_id = registry.hashed(
                line_values["account"],
                line_values["date"],
                str(line_values["amount"]),
                line_values["currency"],
                line_values["remittance"],
                line_values["payer_name"],
                line_values["payer_iban"],
                line_values["end_to_end_id"],
            )
        result.lines.append(StatementLine(transaction_id=transaction_id, line=line, **line_values))


def _values(row, positions):
    values = {}
    for name, position in positions.items():
        if isinstance(position, tuple):
            parts = [" ".join(row[i].split()) for i in position if i < len(row)]
            # PayPal repeats the subject as item title: keep each text once.
            values[name] = " ".join(dict.fromkeys(part for part in parts if part))
        elif position < len(row):
            values[name] = " ".join(row[position].split())
    return values


def _line_values(values, profile, record, line):
    """StatementLine fields of one row; None for a row without date and amount (footer)."""
    amount = _signed_amount(values, profile, record, line)
    raw_date = values.get("date", "")
    if amount is None and not raw_date:
        return None
    date = _date(raw_date, profile, record, "date", line)
    value_date = ""
    if values.get("value_date"):
        value_date = _date(values["value_date"], profile, record, "value_date", line)
    if amount is None:
        raise _error(record, "amount", line, "row_amount_missing", "is missing")
    fee = values.get("fee", "")
    fee_amount = parse_decimal(fee, profile.decimal_separator, profile.thousands_separator)
    if fee and fee_amount is None:
        raise _error(record, "fee", line, "row_amount_invalid", f"{fee!r} is not an amount", fee)
    currency = (values.get("currency") or profile.default_currency).strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise _error(
            record,
            "currency",
            line,
            "row_currency_invalid",
            f"{currency!r} is not a currency code",
            currency,
        )
    return {
        "date": date,
        "value_date": value_date,
        "amount": amount,
        "currency": currency,
        "remittance": values.get("remittance", ""),
        "payer_name": values.get("payer_name", ""),
        "payer_iban": clean_iban(values.get("payer_iban")),
        "payer_bic": values.get("payer_bic", "").upper(),
        "end_to_end_id": clean_ref(values.get("end_to_end_id")),
        "account": clean_iban(values.get("account")),
        "booking_text": values.get("booking_text", ""),
        # Written as its effect on the balance (PayPal: -1,30 charged, 0,52 returned).
        "fee": -fee_amount if fee_amount else Decimal(0),
        "payer_email": values.get("payer_email", ""),
    }


def _signed_amount(values, profile, record, line):
    def number(name):
        text = values.get(name, "")
        if not text:
            return None
        amount = parse_decimal(text, profile.decimal_separator, profile.thousands_separator)
        if amount is None:
            raise _error(
                record, name, line, "row_amount_invalid", f"{text!r} is not an amount", text
            )
        return amount

    if profile.sign == SIGNED:
        return number("amount")
    if profile.sign == DEBIT_CREDIT:
        debit, credit = number("debit"), number("credit")
        if debit is None and credit is None:
            return None
        return (credit or 0) - abs(debit or 0)
    amount = number("amount")
    if amount is None:
        return None
    indicator = values.get("indicator", "").casefold()
    if indicator in {value.casefold() for value in profile.debit_values}:
        return -abs(amount)
    if indicator in {value.casefold() for value in profile.credit_values}:
        return abs(amount)
    debit, credit = "/".join(profile.debit_values), "/".join(profile.credit_values)
    raise _error(
        record,
        "indicator",
        line,
        "row_indicator_invalid",
        f"{values.get('indicator', '')!r} is neither debit ({debit}) nor credit ({credit})",
        values.get("indicator", ""),
        debit=debit,
        credit=credit,
    )


def _date(text, profile, record, name, line):
    try:
        return datetime.datetime.strptime(text.strip(), profile.date_format).date().isoformat()
    except ValueError:
        example = datetime.date(2026, 3, 13).strftime(profile.date_format)
        raise _error(
            record,
            name,
            line,
            "row_date_invalid",
            f"{text!r} is not a date like {example}",
            text,
            example=example,
        ) from None


def _error(record, name, line, code, text, value=None, **params):
    """A row's error: ``field`` is the profile field, ``value`` what the cell said."""
    if value is not None:
        params["value"] = value
    where = f"Line {line} ({record})" if record else f"Line {line}"
    return PayloadError(
        f"{where}: {name} {text}.", code=code, record=record, field=name, line=line, **params
    )
