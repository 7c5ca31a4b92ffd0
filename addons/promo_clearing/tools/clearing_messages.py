"""Translated texts of clearing notes (holds, manual holds) and suggested fixes.

Notes are stored as codes with parameters and rendered when read, in the reader's
language: a German clerk reads German even when an English API user's order was held.
"""

from odoo.tools.translate import LazyTranslate

from odoo.addons.clearhouse_order.tools.issue_messages import render_message

_lt = LazyTranslate(__name__)

NOTE_MESSAGES = {
    "customer_note": _lt("Customer note: '%(note)s'"),
    "packstation_oversize": _lt(
        "Parcel is too large for a parcel locker: %(weight_kg)s kg (at most %(max_weight_kg)s"
        " kg), %(volume_l)s l (at most %(max_volume_l)s l)"
    ),
    "value_above_threshold": _lt("Order value %(value)s is above the threshold of %(threshold)s"),
    "suspected_duplicate": _lt("Same premiums to the same customer within %(days)s days: %(refs)s"),
    "manual_hold": _lt("Held by %(user)s"),
    "shop_payment_unknown": _lt("Unknown payment method %(method)s."),
}

SUGGESTION_LABELS = {
    "phone_e164": _lt("Use the international format: %(value)s"),
    "phone_missing_plus": _lt("Add the missing '+': %(value)s"),
    "phone_other_country": _lt("Valid as a number from another country: %(value)s"),
    "zip_cleaned": _lt("Use the postal code %(value)s"),
    "zip_leading_zero": _lt("Restore the leading zero: %(value)s"),
    "zip_city_swapped": _lt("Swap postal code and city: %(value)s %(city)s"),
    "zip_city_split": _lt("Split into postal code %(value)s and city %(city)s"),
    "street_glued": _lt("Separate the house number: %(value)s"),
    "house_number_moved": _lt("Move the house number from %(source)s: %(value)s"),
    "house_number_hint": _lt("%(source)s contains a number; it may be the house number"),
    "suggested_value": _lt("Use %(value)s"),
}

# Address fields a suggestion may name (the core's Customer fields).
FIELD_LABELS = {
    "street": _lt("Street"),
    "street2": _lt("Street 2"),
    "zip": _lt("Postal Code"),
    "city": _lt("City"),
    "phone": _lt("Phone"),
    "company": _lt("Company"),
    "lastname": _lt("Last Name"),
    "firstname": _lt("First Name"),
}


class _Params(dict):
    def __missing__(self, key):
        return ""


def _render(catalogue, lang, code, params, fallback):
    template = catalogue.get(code)
    if template is None:
        return fallback or ""
    try:
        return template._translate(lang or "en_US") % _Params(params or {})
    except (TypeError, ValueError):
        return fallback or ""


def render_note_part(lang, part):
    """One part of a clearing note: a hold's or an issue's code, else its stored text."""
    code, params, text = part.get("code"), part.get("params") or {}, part.get("text") or ""
    if code in NOTE_MESSAGES:
        return _render(NOTE_MESSAGES, lang, code, params, text)
    line = part.get("line")
    return render_message(lang, code, params, line, fallback=text) if code else text


def render_note(lang, parts, fallback=""):
    """A clearing note from its parts, joined; ``fallback`` when there are none."""
    if not parts:
        return fallback or ""
    return "; ".join(filter(None, (render_note_part(lang, part) for part in parts)))


def render_suggestion_label(lang, code, params, fallback=""):
    return _render(SUGGESTION_LABELS, lang, code, params, fallback)
