"""Recognising a known delivery address, so that repeated orders reuse the contact."""

from clearhouse.validation.address import normalize_zip
from clearhouse.validation.phone import normalize_phone

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "phone")


def comparable_phone(phone, country):
    """E.164 when the number is valid, so "030 1234567" and "+49 30 1234567" are equal."""
    check = normalize_phone(phone or "", country or "")
    return check.e164 if check.valid else (phone or "")


def delivery_address_key(values, country):
    """A comparable form of a delivery address given as a mapping of ``ADDRESS_FIELDS``.

    Case, surrounding blanks and the spelling of the postal code ("D-10115") do not
    make a new address. The phone belongs to the
    delivery address: a new phone number for a known address is a new delivery contact,
    so that what was validated is what is stored.
    """
    parts = {name: values.get(name) or "" for name in ADDRESS_FIELDS}
    parts["phone"] = comparable_phone(parts["phone"], country)
    canonical_zip = normalize_zip(parts["zip"], country)
    if canonical_zip is not None:
        parts["zip"] = canonical_zip
    return tuple(str(parts[name]).strip().lower() for name in ADDRESS_FIELDS) + (country or "",)
