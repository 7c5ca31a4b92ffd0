"""What a logistics partner needs from an address beyond the lines on the label.

A DHL Packstation address is written by customers as "Packstation 123" on the street
line and their "Postnummer" (6 to 10 digits) on another line; partners want both as
separate fields. Tracking links are the carrier's URL with the number put in, the same
placeholder Odoo's delivery carriers use.
"""

import re
from urllib.parse import quote

from clearhouse.logistics.documents import Packstation
from clearhouse.validation.address import packstation_match

TRACKING_PLACEHOLDER = "<shipmenttrackingnumber>"

_STATION = re.compile(r"(?:pack|paket)[\s-]*station\D{0,5}?(\d{1,5})(?!\d)", re.IGNORECASE)
_POST_NUMBER = re.compile(r"(?<!\d)(\d{6,10})(?!\d)")


def packstation_of(customer):
    """``Packstation(number, post_number)`` of a Packstation address, else ``None``.

    Only a DHL Packstation with both numbers qualifies: a post box or a station
    without the customer's post number cannot be sent as a Packstation delivery.
    """
    match = packstation_match(customer)
    if match is None:
        return None
    field_name, value = match
    station = _STATION.search(value)
    if station is None:
        return None
    fields = ("street", "street2", "company", "firstname", "lastname")
    for name in (field_name, *(f for f in fields if f != field_name)):
        rest = str(getattr(customer, name, "") or "")
        if name == field_name:
            rest = rest[: station.start()] + " " + rest[station.end() :]
        post = _POST_NUMBER.search(rest)
        if post:
            return Packstation(number=station.group(1), post_number=post.group(1))
    return None


def tracking_links(template, numbers):
    """One URL per tracking number; none when the carrier has no tracking link."""
    if not template or TRACKING_PLACEHOLDER not in template:
        return []
    return [template.replace(TRACKING_PLACEHOLDER, quote(n, safe="")) for n in numbers if n]
