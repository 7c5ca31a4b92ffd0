"""Translated texts of the payment core's error codes (``clearhouse.payments.error_codes``).

The core raises errors with a code, parameters, line, field and record; users read
these sentences in their own language. Text from third parties (the XML parser,
PayPal's answer) comes as ``detail`` and is shown apart, untranslated. A code missing
here falls back to the core's English message; a test keeps this table complete.
"""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

MESSAGES = {
    # whole files
    "input_too_large": _lt("The file has %(size)s bytes, more than the %(max_bytes)s accepted."),
    "input_encoding_wide": _lt(
        "The file is encoded in %(encoding)s, but %(expected)s is expected: export it again "
        "in that encoding or choose a matching CSV profile."
    ),
    "input_binary": _lt("The file contains NUL characters: it is a binary file, not a statement."),
    "input_undecodable": _lt(
        "The file is not valid %(encoding)s: byte 0x%(byte)s cannot be read. Check the "
        "encoding of the export or of the CSV profile."
    ),
    "input_encoding": _lt("The file's character encoding is not supported; save it as UTF-8."),
    "input_doctype": _lt(
        "The file declares a document type (DOCTYPE) or entities; such files are refused unread."
    ),
    "input_malformed": _lt("The file is not well-formed."),
    "input_empty": _lt("The file is empty or has no header line."),
    "input_header": _lt(
        "The header does not fit the CSV profile %(profile)s: it lacks a column for %(fields)s."
    ),
    "paypal_csv_header": _lt(
        "The file is not a PayPal activity download: its header has neither Date nor Datum."
    ),
    "input_zip": _lt("The zip file cannot be read."),
    "input_zip_encrypted": _lt(
        "The zip member %(member)s is encrypted; encrypted zip files are not supported."
    ),
    "input_zip_members": _lt(
        "The zip file has %(members)s members, more than the %(max_members)s accepted."
    ),
    "input_zip_too_large": _lt(
        "The zip file unpacks to more than %(max_bytes)s bytes; it is refused as a possible "
        "zip bomb."
    ),
    "input_zip_empty": _lt("The zip file contains no XML statement."),
    "input_wrong_namespace": _lt(
        "The file is not a CAMT.053 statement in a supported version: its root element is "
        "<%(root)s> in the namespace %(namespace)s; supported are %(supported)s."
    ),
    "input_schema": _lt("The file has no <%(element)s> element."),
    "mt940_no_statement": _lt("The file is not an MT940 statement: it has no :20: field."),
    "mt940_closing_missing": _lt(
        "The statement has no closing balance (:62F:); the file may be truncated."
    ),
    "mt940_opening_missing": _lt(
        "The statement has no opening balance (:60F:), so its currency is unknown."
    ),
    "mt940_closing_unreadable": _lt("The closing balance cannot be read."),
    "mt940_balance_mismatch": _lt(
        "The bookings of the statement starting on line %(statement_line)s add up to "
        "%(total)s, but its closing balance is %(balance)s; the file may be truncated or edited."
    ),
    "mt940_unreadable": _lt("The text cannot be read as MT940."),
    # one booking
    "row_amount_missing": _lt("The amount is missing."),
    "row_amount_invalid": _lt("%(field)s: '%(value)s' is not an amount."),
    "row_currency_invalid": _lt("'%(value)s' is not a currency code."),
    "row_indicator_invalid": _lt(
        "'%(value)s' is neither debit (%(debit)s) nor credit (%(credit)s)."
    ),
    "row_date_invalid": _lt("%(field)s: '%(value)s' is not a date like %(example)s."),
    "entry_date_missing": _lt("The booking has no booking or value date."),
    "entry_batch_amount_missing": _lt("A transaction of a batch booking has no amount of its own."),
    "entry_indicator_invalid": _lt(
        "The debit/credit indicator is '%(value)s'; expected CRDT or DBIT."
    ),
    "entry_amount_invalid": _lt("'%(value)s' in %(field)s is not an amount."),
    "entry_currency_invalid": _lt("The amount in %(field)s has no three-letter currency."),
    "mt940_booking_unreadable": _lt("The :61: field of the booking cannot be read."),
    # PayPal's transaction search
    "paypal_config": _lt("PayPal needs a client id and a secret."),
    "paypal_timeout": _lt("PayPal did not answer in time (%(path)s)."),
    "paypal_refused": _lt("PayPal refused the connection (%(path)s)."),
    "paypal_connection": _lt("PayPal cannot be reached (%(path)s)."),
    "paypal_tls": _lt("The secure connection to PayPal failed (%(path)s)."),
    "paypal_redirect": _lt("PayPal redirected %(path)s (status %(status)s); check the address."),
    "paypal_auth": _lt(
        "PayPal refused the credentials (status %(status)s); check the client id and secret."
    ),
    "paypal_not_found": _lt("PayPal does not know %(path)s (status %(status)s)."),
    "paypal_rejected": _lt("PayPal refused %(path)s with status %(status)s."),
    "paypal_throttled": _lt(
        "PayPal asks to slow down (status %(status)s); it is tried again later."
    ),
    "paypal_unavailable": _lt(
        "PayPal is unavailable (status %(status)s); it is tried again later."
    ),
    "paypal_error": _lt("PayPal failed on %(path)s (status %(status)s)."),
    "paypal_not_json": _lt("PayPal answered %(path)s with something other than JSON."),
    "paypal_no_token": _lt("PayPal sent no access token; check the client id and secret."),
    "paypal_amount_invalid": _lt(
        "The PayPal transaction %(record)s has the amount '%(value)s', which is not a number."
    ),
    # settings
    "profile_unknown_fields": _lt("The CSV profile maps unknown fields: %(fields)s."),
    "profile_sign": _lt("The sign convention '%(sign)s' is unknown."),
    "profile_columns_missing": _lt("The CSV profile needs a column for %(fields)s."),
    "profile_skip_rows": _lt("Lines before the header cannot be negative."),
    "profile_date_format": _lt(
        "The date format '%(date_format)s' must contain day, month and year, e.g. %(example)s."
    ),
    "profile_separators": _lt("The decimal and thousands separators must differ."),
    "profile_currency": _lt(
        "The default currency '%(currency)s' is not a three-letter code such as EUR."
    ),
    "tolerance_amount": _lt("The payment tolerance must be between 0 and %(maximum)s."),
    "tolerance_percent": _lt("The payment tolerance in percent must be between 0 and %(maximum)s."),
}

# Fields of a statement line, as CSV profiles and row errors name them.
FIELD_LABELS = {
    "date": _lt("Date"),
    "value_date": _lt("Value Date"),
    "amount": _lt("Amount"),
    "debit": _lt("Debit"),
    "credit": _lt("Credit"),
    "indicator": _lt("Debit/Credit Indicator"),
    "currency": _lt("Currency"),
    "remittance": _lt("Remittance"),
    "payer_name": _lt("Payer Name"),
    "payer_iban": _lt("Payer IBAN"),
    "payer_bic": _lt("Payer BIC"),
    "end_to_end_id": _lt("End-to-End Reference"),
    "transaction_id": _lt("Transaction ID"),
    "booking_text": _lt("Booking Text"),
    "account": _lt("Account"),
    "fee": _lt("Fee"),
    "status": _lt("Status"),
    "payer_email": _lt("Payer E-mail"),
}

DETAIL = _lt("Details: %(detail)s")
BOOKING_WITH_RECORD = _lt("Line %(line)s (%(record)s): %(message)s")
BOOKING = _lt("Line %(line)s: %(message)s")
COLUMN_ALIASES = _lt("%(field)s (%(columns)s)")
OR = _lt(" or ")


class _Values(dict):
    """A parameter the error lacks renders as "-" instead of breaking the sentence."""

    def __missing__(self, key):
        return "-"


def _text(env, lazy):
    """A catalogue text in the language of ``env`` (filled in by the caller)."""
    return lazy._translate(env.lang or "en_US")


def _label(env, name):
    label = FIELD_LABELS.get(name)
    return _text(env, label) if label is not None else str(name)


def _values(env, error):
    params = dict(error.params or {})
    columns = params.pop("columns", None) or {}
    values = _Values(
        {key: value for key, value in params.items() if value not in (None, "", [], {})}
    )
    if isinstance(params.get("fields"), list | tuple):
        names = []
        for name in params["fields"]:
            aliases = columns.get(name)
            label = _label(env, name)
            if aliases:
                label = _text(env, COLUMN_ALIASES) % {
                    "field": label,
                    "columns": _text(env, OR).join(aliases),
                }
            names.append(label)
        values["fields"] = "; ".join(names)
    for key in ("line", "record"):
        if getattr(error, key, None):
            values[key] = getattr(error, key)
    if error.field:
        values["field"] = _label(env, error.field)
    if error.code == "profile_date_format":
        values["example"] = "%d.%m.%Y"
    return values


def render_error(env, error):
    """The sentence for a core error (``ClearhouseError``) in the language of ``env``."""
    template = MESSAGES.get(error.code)
    if template is None:
        return error.message
    try:
        text = _text(env, template) % _values(env, error)
    except (TypeError, ValueError, KeyError):
        return error.message  # a broken translation must not hide the error
    detail = (error.params or {}).get("detail")
    if detail:
        text += "\n" + _text(env, DETAIL) % {"detail": detail}
    return text


def render_booking_error(env, error):
    """A booking's error with its line (and the bank's reference, where it has one)."""
    values = {
        "line": error.line or "-",
        "record": error.record,
        "message": render_error(env, error),
    }
    return _text(env, BOOKING_WITH_RECORD if error.record else BOOKING) % values
