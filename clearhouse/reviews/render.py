"""Placeholders in the text of review blocks.

Blocks are written by staff (``Dear {customer_name}, ...``); only the names below may
be used (an unknown one is refused when the block is saved, never left in a mail).
Values arrive already escaped for the output (HTML): this module only substitutes.
"""

import re

from clearhouse.errors import InputError

PLACEHOLDERS = (
    "customer_name",
    "order_ref",
    "shop_name",
    "product_name",
    "platform_name",
    "review_url",
    "rating_links",
    "unsubscribe_url",
)
# HTML sanitizers URL-encode braces inside links (``href="%7Breview_url%7D"``): both
# spellings are placeholders.
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}|%7[Bb]([a-z_]+)%7[Dd]")


def placeholders_in(text):
    """The placeholders ``text`` uses; ``InputError`` naming the unknown ones."""
    found = (m.group(1) or m.group(2) for m in _PLACEHOLDER.finditer(text or ""))
    names = tuple(dict.fromkeys(found))
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        raise InputError(
            f"Unknown placeholder(s) {', '.join(unknown)}.",
            code="block_placeholder",
            names=", ".join(unknown),
        )
    return names


def fill(text, values):
    """``text`` with each known placeholder replaced by its value ('' when missing)."""

    def replace(match):
        name = match.group(1) or match.group(2)
        return str(values.get(name, "")) if name in PLACEHOLDERS else match.group(0)

    return _PLACEHOLDER.sub(replace, text or "")
