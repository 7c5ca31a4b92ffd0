"""What did the agent type into the finder? The kinds of key a text may be, likeliest first.

The finder then searches only the columns of those kinds (each has its own index), instead
of one OR over every column of 600,000 customers and 3 million orders.
"""

import re

# Every kind the finder knows, in the order the result lists them.
QUERY_KINDS = ("email", "order_ref", "tracking", "card", "voucher", "phone", "name")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]*$")
# Odoo's order names (S00042) and outside numbers (WEB-100001, 4711-2026).
_ORDER_REF = re.compile(r"^(?:[A-Z]{1,6}[-/]?\d{3,}(?:[-/]\d+)*|\d{3,}[-/]\d+)$", re.IGNORECASE)
# Parcel numbers: DHL 12 to 20 digits or JJD..., DPD 14 digits, UPS 1Z..., GLS, Hermes.
_TRACKING = re.compile(
    r"^(?:\d{12,22}|JJD\d{10,}|1Z[0-9A-Z]{16}|[A-Z]{2}\d{9}[A-Z]{2})$", re.IGNORECASE
)
# Loyalty cards: digits, maybe grouped by blanks or dashes (8 to 19 digits).
_CARD = re.compile(r"^\d{4}(?:[ -]?\d{2,4}){1,4}$")
# Voucher codes: letters and digits in groups, at least one of each.
_VOUCHER = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{3,}(?:-[A-Z0-9]{2,}){0,4}$", re.IGNORECASE)
# Codes drawn at random may hold no digit at all (about 1 in 100 of loyalty_points' codes,
# grouped by five): three or more dash groups of letters may be one, or a double name.
_LETTER_CODE = re.compile(r"^[A-Z]{4,}(?:-[A-Z]{4,}){2,4}$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d\s()/.-]{6,}$")


def _digits(text):
    return "".join(ch for ch in text if ch.isdigit())


def classify_query(text):
    """Kinds ``text`` may be, likeliest first (a subset of ``QUERY_KINDS``).

    An e-mail is only an e-mail; a run of digits may be a phone, a tracking number, an
    order number or a card, so all of those are tried; anything with letters and blanks
    is a name. Empty text is nothing.
    """
    text = (text or "").strip()
    if not text:
        return ()
    if "@" in text:
        return ("email",) if _EMAIL.match(text) else ("name",)
    compact = text.replace(" ", "")
    kinds = []
    if _CARD.match(text) and compact != text and 8 <= len(_digits(text)) <= 19:
        # Digits in groups of four are how a card is printed and read out.
        kinds.append("card")
    if _TRACKING.match(compact):
        kinds.append("tracking")
    if _ORDER_REF.match(compact):
        kinds.append("order_ref")
    if _CARD.match(text) and 8 <= len(_digits(text)) <= 19:
        kinds.append("card")
    if _VOUCHER.match(compact) and not compact.isdigit():
        kinds.append("voucher")
    elif _LETTER_CODE.match(compact):
        kinds.extend(("voucher", "name"))
    if _PHONE.match(text) and 6 <= len(_digits(text)) <= 15:
        kinds.append("phone")
    if not kinds or (any(ch.isalpha() for ch in text) and " " in text.strip()):
        kinds.append("name")
    if compact.isdigit() and "order_ref" not in kinds:
        # Outside order numbers may be plain digits.
        kinds.append("order_ref")
    return tuple(dict.fromkeys(kinds))
