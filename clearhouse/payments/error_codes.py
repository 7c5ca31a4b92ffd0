"""Every error code the payment core raises, with the parameters it may carry.

Errors of the core are ``clearhouse.errors`` exceptions: a stable ``code``, ``params``,
and where known ``line``, ``field`` (the column, element or tag) and ``record`` (the
bank's reference of the booking). Addons render the user's text from those, in the
user's language; the English ``message`` is for logs. A core test checks that every
code raised in this package (and by the shared readers it calls) is listed here, so
an addon's catalogue can be checked against this table.

``detail`` is text from a third party (the XML or CSV parser, the MT940 package,
PayPal's answer) that cannot be translated; show it apart from the sentence.
"""

from clearhouse.remote import KINDS

# Whole files: InputError, nothing of the file may be imported.
FILE_ERRORS = {
    "input_too_large": ("size", "max_bytes"),
    "input_encoding_wide": ("encoding", "expected"),
    "input_binary": (),
    "input_undecodable": ("encoding", "byte"),
    "input_encoding": (),  # XML in an encoding other than UTF-8/16 (clearhouse.xmlsafe)
    "input_doctype": (),
    "input_malformed": ("detail",),
    "input_empty": (),
    "input_header": ("profile", "fields", "columns"),
    "paypal_csv_header": (),
    "input_zip": ("detail", "member"),
    "input_zip_encrypted": ("member",),
    "input_zip_members": ("members", "max_members"),
    "input_zip_too_large": ("size", "max_bytes", "member"),
    "input_zip_empty": (),
    "input_wrong_namespace": ("root", "namespace", "supported"),
    "input_schema": ("element",),
    "mt940_no_statement": (),
    "mt940_closing_missing": (),
    "mt940_opening_missing": (),
    "mt940_closing_unreadable": (),
    "mt940_balance_mismatch": ("total", "balance", "statement_line"),
    "mt940_unreadable": ("detail", "number", "statement_line"),
}

# One booking: PayloadError in ParseResult.errors, the other bookings are imported.
BOOKING_ERRORS = {
    "row_amount_missing": (),
    "row_amount_invalid": ("value",),
    "row_currency_invalid": ("value",),
    "row_indicator_invalid": ("value", "debit", "credit"),
    "row_date_invalid": ("value", "example"),
    "entry_date_missing": (),
    "entry_batch_amount_missing": (),
    "entry_indicator_invalid": ("value",),
    "entry_amount_invalid": ("value",),
    "entry_currency_invalid": ("value",),
    "mt940_booking_unreadable": ("number", "statement_line"),
}

# PayPal's transaction search: PayPalError, ``retryable`` says whether to try again.
PAYPAL_ERRORS = {
    # One code per failure kind of clearhouse.remote (timeout, refused, auth, ...).
    **{f"paypal_{kind}": ("path", "status", "detail") for kind in KINDS},
    "paypal_config": (),
    "paypal_not_json": ("path",),
    "paypal_no_token": (),
    "paypal_amount_invalid": ("value",),
}

# Settings: csv_profiles.ProfileError and settlement.ToleranceError (both ValueErrors).
SETTINGS_ERRORS = {
    "profile_unknown_fields": ("fields",),
    "profile_sign": ("sign",),
    "profile_columns_missing": ("fields",),
    "profile_skip_rows": (),
    "profile_date_format": ("date_format",),
    "profile_separators": (),
    "profile_currency": ("currency",),
    "tolerance_amount": ("maximum",),
    "tolerance_percent": ("maximum",),
}

ERROR_CODES = {**FILE_ERRORS, **BOOKING_ERRORS, **PAYPAL_ERRORS, **SETTINGS_ERRORS}
