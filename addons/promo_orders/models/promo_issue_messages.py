"""Translated texts of the core's validation issue codes.

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
}


class _Params(dict):
    """Missing parameters render empty instead of breaking the message."""

    def __missing__(self, key):
        return ""


def render_issue_message(env, issue):
    template = ISSUE_MESSAGES.get(issue.code)
    if template is None:
        return issue.message
    params = _Params(issue.params or {})
    if issue.line is not None:
        params["line_no"] = issue.line + 1
    text = template._translate(env.lang or "en_US")
    try:
        return text % params
    except (TypeError, ValueError):
        return issue.message
