"""Recognising a known delivery address, so that repeated orders reuse the contact."""

from clearhouse.validation.phone import normalize_phone

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "phone")


def comparable_phone(phone, country):
    """E.164 when the number is valid, so "030 1234567" and "+49 30 1234567" are equal."""
    check = normalize_phone(phone or "", country or "")
    return check.e164 if check.valid else (phone or "")


def delivery_address_key(values, country):
    """A comparable form of a delivery address given as a mapping of ``ADDRESS_FIELDS``.

    Case and surrounding blanks do not make a new address. The phone belongs to the
    delivery address: a new phone number for a known address is a new delivery contact,
    so that what was validated is what is stored.
    """
    parts = {name: values.get(name) or "" for name in ADDRESS_FIELDS}
    parts["phone"] = comparable_phone(parts["phone"], country)
    return tuple(str(parts[name]).strip().lower() for name in ADDRESS_FIELDS) + (country or "",)
