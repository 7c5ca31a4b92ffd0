"""Service desk core: duplicate score, finder query classification, returned-mail files."""

from clearhouse.desk.duplicates import (
    DUPLICATE_THRESHOLD,
    Contact,
    address_key,
    duplicate_score,
    email_key,
    is_duplicate,
    name_key,
    phone_digits,
    phonetic_key,
)
from clearhouse.desk.finder import QUERY_KINDS, classify_query
from clearhouse.desk.returned_mail import (
    REASON_ACTIONS,
    ReturnedMail,
    parse_returned_mail_csv,
    reason_code,
)

__all__ = [
    "DUPLICATE_THRESHOLD",
    "QUERY_KINDS",
    "REASON_ACTIONS",
    "Contact",
    "ReturnedMail",
    "address_key",
    "classify_query",
    "duplicate_score",
    "email_key",
    "is_duplicate",
    "name_key",
    "parse_returned_mail_csv",
    "phone_digits",
    "phonetic_key",
    "reason_code",
]
