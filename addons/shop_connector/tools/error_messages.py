"""Translated texts of the shop adapters' error codes (``clearhouse.shops.error_codes``).

The core raises ``ShopError`` with a code and parameters; staff read these sentences in
their own language. The core's English message (method, path, the shop's own words) is
the detail for the specialist, shown apart. A code missing here falls back to the
core's message; a test keeps this table complete.
"""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

MESSAGES = {
    "timeout": _lt("The shop did not answer in time."),
    "refused": _lt(
        "The shop refused the connection; check the shop URL and whether the shop runs."
    ),
    "connection": _lt("Cannot connect to the shop; check the shop URL and the network."),
    "tls": _lt("The shop's TLS certificate or protocol was refused."),
    "redirect": _lt(
        "The shop answered with a redirect (status %(status)s), which is never followed: "
        "enter the final address as the shop URL."
    ),
    "auth": _lt("The shop refused the key and secret (status %(status)s); check the credentials."),
    "not_found": _lt(
        "The shop does not know the address called (status %(status)s); check the shop URL "
        "and whether its REST API is switched on."
    ),
    "rejected": _lt("The shop rejected the request (status %(status)s)."),
    "throttled": _lt("The shop asks to slow down (status %(status)s); the call is retried later."),
    "unavailable": _lt("The shop is unavailable (status %(status)s); the call is retried later."),
    "config": _lt("The shop connection is not set up correctly."),
    "error": _lt("The shop call failed unexpectedly."),
    "invalid_response": _lt("The shop answered with something that is not what was expected."),
    "shop_error": _lt("The shop call failed."),
}
DETAIL = _lt("Details: %(detail)s")


class _Values(dict):
    """A parameter the error lacks renders as "-" instead of breaking the sentence."""

    def __missing__(self, key):
        return "-"


def render_shop_error(env, code, params=None, detail=None):
    """The sentence for a shop error code in the language of ``env``, then the detail."""
    lang = env.lang or "en_US"
    template = MESSAGES.get(code)
    if template is None:
        return detail or code or ""
    values = _Values({k: v for k, v in (params or {}).items() if v not in (None, "", 0)})
    try:
        text = template._translate(lang) % values
    except (TypeError, ValueError, KeyError):
        return detail or code  # a broken translation must not hide the error
    if detail:
        text += "\n" + DETAIL._translate(lang) % {"detail": detail}
    return text
