"""Translated texts of the core's validation issue and intake error codes.

The core returns English messages plus a code and parameters; staff read the text in
their own language, so the addon renders it from this catalogue.
"""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

ISSUE_MESSAGES = {
    "phone_missing": _lt("Phone number is missing"),
    "phone_invalid": _lt("Phone number '%(phone)s' is not valid for %(country)s"),
    "phone_not_mobile": _lt("Phone number %(phone)s is not a mobile number"),
    "address_country_missing": _lt("Delivery country is missing"),
    "address_country_unknown": _lt("Delivery country '%(country)s' is unknown"),
    "address_field_missing": _lt("Address field '%(field)s' is required for %(country)s"),
    "address_zip_invalid": _lt("Postal code '%(zip)s' is not valid for %(country)s"),
    "address_field_invalid": _lt("Address field '%(field)s' has an invalid value '%(value)s'"),
    "address_house_number_missing": _lt("Street '%(street)s' has no house number"),
    "country_not_allowed": _lt(
        "Delivery country %(country)s is not allowed in this campaign (allowed: %(allowed)s)"
    ),
    "packstation_not_allowed": _lt(
        "Packstation or post box address '%(value)s' is not allowed in this campaign"
    ),
    "size_missing": _lt("Line %(line_no)s: premium %(sku)s needs a size"),
    "size_unknown": _lt("Line %(line_no)s: size '%(size)s' does not exist for premium %(sku)s"),
    "product_not_in_catalogue": _lt("Line %(line_no)s: %(sku)s is not in the campaign catalogue"),
    "quantity_invalid": _lt("Line %(line_no)s: quantity %(quantity)s is not valid"),
    "points_balance_missing": _lt("The order needs %(total)s points but no balance was declared"),
    "points_exceeded": _lt("The order needs %(total)s points, the balance is %(balance)s"),
    "points_not_equal": _lt(
        "The order needs %(total)s points but must use the whole balance of %(balance)s"
    ),
    "max_exceeded": _lt(
        "Line %(line_no)s: premium %(sku)s can be ordered at most %(max)s times per "
        "participant (already ordered: %(already)s)"
    ),
    "duplicate_order": _lt("The participant already placed an order with the same premiums"),
    "rule_error": _lt("The rule could not be checked: %(error)s"),
    "unknown_sku": _lt("Line %(line_no)s: product code %(sku)s is unknown"),
    "no_variant": _lt("Line %(line_no)s: product %(sku)s has no saleable variant"),
    "duplicate_ref": _lt("The reference %(ref)s was already used by another order"),
    "create_failed": _lt("The order could not be created"),
}


class _Params(dict):
    """Missing parameters render empty instead of breaking the message."""

    def __missing__(self, key):
        return ""


def render_message(lang, code, params=None, line=None, fallback=""):
    """The text of an issue code in ``lang``; ``line`` is 0-based, shown 1-based."""
    template = ISSUE_MESSAGES.get(code)
    if template is None:
        return fallback or code
    values = _Params(params or {})
    if line is not None and line is not False:
        values["line_no"] = line + 1
    try:
        return template._translate(lang or "en_US") % values
    except (TypeError, ValueError):
        return fallback or code


def render_issue_message(env, issue):
    """The reader's text of a core ``Issue`` or ``ClearhouseError`` (code, params, line)."""
    return render_message(
        env.lang,
        issue.code,
        getattr(issue, "params", None),
        getattr(issue, "line", None),
        fallback=getattr(issue, "message", "") or str(issue),
    )
