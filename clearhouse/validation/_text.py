"""Helpers shared by the rules for turning field values into safe message text."""

MAX_SHOWN = 80


def text(value):
    """The stripped string of a field; Odoo's ``False`` and None mean empty."""
    if value is None or value is False:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return value.strip()


def shorten(value, limit=MAX_SHOWN):
    """Cut values for messages, so a hostile 1 MB field does not end up in every issue."""
    value = text(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"
