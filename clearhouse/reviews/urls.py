"""Review links rendered from a platform's URL template.

Placeholders: ``{order_ref}``, ``{sku}``, ``{ean}``, ``{email_hash}``, ``{email}``
(the e-mail itself, for platforms that ask for it), ``{product_name}``. Every value
is URL-encoded as one path or query component. A template that uses a value the
order or product does not have renders ``None`` (the caller falls back to the general
link); an unknown placeholder is a configuration error.
"""

import hashlib
import string
from urllib.parse import quote

from clearhouse.errors import InputError

PLACEHOLDERS = ("order_ref", "sku", "ean", "email_hash", "email", "product_name")
_FORMATTER = string.Formatter()


def normalize_email(email):
    """Trimmed and lower-cased: ``Anna@Example.COM `` and ``anna@example.com`` are one customer."""
    return (email or "").strip().lower()


def email_hash(email):
    """SHA-256 hex of the normalised address: platforms match it without seeing the address."""
    return hashlib.sha256(normalize_email(email).encode("utf-8")).hexdigest()


def template_fields(template):
    """The placeholders a template uses; ``InputError`` for unknown ones or bad syntax."""
    try:
        names = [name for _text, name, spec, conv in _FORMATTER.parse(template or "") if name]
        specs = [(spec, conv) for _t, name, spec, conv in _FORMATTER.parse(template or "") if name]
    except ValueError as exc:
        raise InputError(
            f"The URL template is malformed: {exc}", code="url_template_malformed"
        ) from exc
    unknown = sorted(set(names) - set(PLACEHOLDERS))
    if unknown:
        raise InputError(
            f"Unknown placeholder(s) {', '.join(unknown)} in the URL template.",
            code="url_template_placeholder",
            names=", ".join(unknown),
        )
    if any(spec or conv for spec, conv in specs):
        raise InputError(
            "Placeholders take no format or conversion.", code="url_template_malformed"
        )
    return tuple(dict.fromkeys(names))


def url_values(order_ref="", sku="", ean="", email="", product_name=""):
    """The values a template can use, from the raw facts."""
    return {
        "order_ref": order_ref or "",
        "sku": sku or "",
        "ean": ean or "",
        "email": normalize_email(email),
        "email_hash": email_hash(email) if normalize_email(email) else "",
        "product_name": product_name or "",
    }


def render_url(template, values):
    """The link, or None when the template needs a value that is empty."""
    if not template:
        return None
    needed = template_fields(template)
    if any(not values.get(name) for name in needed):
        return None
    encoded = {name: quote(str(values[name]), safe="") for name in needed}
    return template.format(**encoded)
