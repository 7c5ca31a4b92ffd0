"""Automatic holds: valid orders that a clerk should still look at before they ship.

A hold is not a validation finding: the order could be processed, yet a customer note,
a parcel too big for a locker, an unusual order value or a likely double order needs a
person. Detectors are small pure functions in an explicit registry (as the validation
rules) and read their parameters from ``HoldConfig`` only, so the addon can offer them
as switches without stored Python.
"""

import datetime
import math
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from clearhouse.types import Customer
from clearhouse.validation import is_packstation, order_signature
from clearhouse.validation._text import shorten, text

CUSTOMER_NOTE = "customer_note"
PACKSTATION_OVERSIZE = "packstation_oversize"
VALUE_ABOVE_THRESHOLD = "value_above_threshold"
SUSPECTED_DUPLICATE = "suspected_duplicate"
HOLD_CODES = (CUSTOMER_NOTE, PACKSTATION_OVERSIZE, VALUE_ABOVE_THRESHOLD, SUSPECTED_DUPLICATE)

# Notes that web forms and call centres fill in when there is nothing to say. Compared
# case-insensitively, with whitespace collapsed and punctuation around them ignored.
DEFAULT_NOTE_BOILERPLATE = (
    "-",
    "--",
    "/",
    ".",
    "keine",
    "kein",
    "keine angabe",
    "keine angaben",
    "nein",
    "nichts",
    "n/a",
    "na",
    "none",
    "no",
    "nil",
    "null",
)
_NOTE_PUNCTUATION = string.punctuation + "–—…„“”‚‘’«»· "
# Quantities beyond this are errors elsewhere; capping keeps the arithmetic finite.
_MAX_QUANTITY = 1_000_000


@dataclass(frozen=True)
class PackstationLimits:
    """What fits into a parcel locker compartment of one carrier product."""

    max_weight_kg: float = 31.5
    max_length_cm: float = 60.0
    max_width_cm: float = 35.0
    max_height_cm: float = 35.0

    @property
    def dimensions(self):
        """Largest side first, so any item orientation can be compared."""
        return tuple(sorted((self.max_length_cm, self.max_width_cm, self.max_height_cm))[::-1])


DHL_PACKSTATION = PackstationLimits()


@dataclass(frozen=True)
class SnapshotLine:
    """One order line with the product's shipping data; 0 means "not known"."""

    sku: str
    quantity: int = 1
    weight_kg: float = 0.0
    length_cm: float = 0.0
    width_cm: float = 0.0
    height_cm: float = 0.0
    size: str = ""


@dataclass(frozen=True)
class RecentOrder:
    """Another order of the same customer or address, as the addon found it.

    ``signature`` is ``clearhouse.validation.order_signature`` of its lines,
    ``address_key`` is ``address_key`` of its delivery address.
    """

    ref: str
    signature: str
    ordered_at: datetime.datetime | None = None
    address_key: str = ""
    email: str = ""


@dataclass(frozen=True)
class OrderSnapshot:
    """What the detectors need to know about one order, in primitives."""

    ref: str
    customer: Customer
    lines: tuple = ()  # of SnapshotLine
    note: str = ""
    value: Decimal | float | int | None = None
    ordered_at: datetime.datetime | None = None
    shipping_product: str = ""  # carrier product code, selects the locker limits
    recent_orders: tuple = ()  # of RecentOrder


@dataclass(frozen=True)
class HoldConfig:
    """Switches and parameters of the detectors; ``value_threshold`` None: no value hold."""

    enabled: tuple = HOLD_CODES
    note_boilerplate: tuple = DEFAULT_NOTE_BOILERPLATE
    packstation_limits: PackstationLimits = DHL_PACKSTATION
    product_packstation_limits: Mapping = field(default_factory=dict, compare=False, hash=False)
    value_threshold: Decimal | float | int | None = None
    duplicate_days: int = 14

    def __post_init__(self):
        unknown = [code for code in self.enabled if code not in DETECTORS]
        if unknown:
            raise ValueError(f"Unknown hold codes {unknown!r}; known: {', '.join(HOLD_CODES)}")
        if self.duplicate_days < 0:
            raise ValueError("duplicate_days must not be negative")

    def limits_for(self, shipping_product):
        return self.product_packstation_limits.get(shipping_product) or self.packstation_limits


@dataclass(frozen=True)
class Hold:
    """Why an order waits in clearing; ``code`` selects the translated message."""

    code: str
    message: str
    params: dict = field(default_factory=dict, compare=False, hash=False)


def _number(value):
    """A finite, non-negative float, or None for anything else (unknown)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError, InvalidOperation):
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _decimal(value):
    """Money as Decimal; floats (Odoo's monetary fields) are cut to 6 places first, so
    that 0.1 + 0.2 is not above a threshold of 0.3."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = format(value, ".6f")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _quantity(line):
    quantity = getattr(line, "quantity", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        return 1
    return min(quantity, _MAX_QUANTITY)


def _utc_naive(value):
    """Odoo hands over naive UTC datetimes; aware ones are converted so both compare."""
    if not isinstance(value, datetime.datetime):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


def _normalize_note(value):
    return " ".join(value.split()).casefold()


def is_boilerplate_note(note, boilerplate=DEFAULT_NOTE_BOILERPLATE):
    """Whether a note says nothing: blank, punctuation only, or a filler such as "keine"."""
    normalized = _normalize_note(text(note))
    core = normalized.strip(_NOTE_PUNCTUATION)
    if not core:
        return True
    fillers = {_normalize_note(text(b)) for b in boilerplate}
    return normalized in fillers or core in fillers


def detect_customer_note(snapshot, config):
    """Customers write delivery wishes and complaints into the note; a clerk must read it."""
    note = text(snapshot.note)
    if is_boilerplate_note(note, config.note_boilerplate):
        return []
    return [Hold(CUSTOMER_NOTE, f"Customer note: '{shorten(note)}'", {"note": shorten(note)})]


def _fits(line, limits):
    sides = [_number(getattr(line, name, 0)) for name in ("length_cm", "width_cm", "height_cm")]
    if any(side is None or side == 0 for side in sides):
        return True  # unknown dimensions cannot justify a hold
    return all(s <= m for s, m in zip(sorted(sides, reverse=True), limits.dimensions, strict=True))


def _volume(line):
    sides = [
        _number(getattr(line, name, 0)) or 0.0 for name in ("length_cm", "width_cm", "height_cm")
    ]
    return sides[0] * sides[1] * sides[2] * _quantity(line)


def detect_packstation_oversize(snapshot, config):
    """Lockers refuse parcels over their weight or size: the parcel would come back."""
    if not is_packstation(snapshot.customer):
        return []
    limits = config.limits_for(text(snapshot.shipping_product))
    lines = tuple(snapshot.lines or ())
    weight = sum(
        (_number(getattr(line, "weight_kg", 0)) or 0.0) * _quantity(line) for line in lines
    )
    volume = sum(_volume(line) for line in lines)
    max_volume = limits.max_length_cm * limits.max_width_cm * limits.max_height_cm
    too_big = list(
        dict.fromkeys(
            shorten(getattr(line, "sku", "")) for line in lines if not _fits(line, limits)
        )
    )
    if len(too_big) > 5:  # a message, not a packing list
        too_big = [*too_big[:5], f"+{len(too_big) - 5}"]
    reasons = []
    if weight > limits.max_weight_kg:
        reasons.append(f"{weight:g} kg is over {limits.max_weight_kg:g} kg")
    if too_big:
        reasons.append(f"{', '.join(too_big)} larger than {_format_dimensions(limits)}")
    elif volume > max_volume:
        reasons.append(f"{volume / 1000:g} l do not fit into {max_volume / 1000:g} l")
    if not reasons:
        return []
    return [
        Hold(
            PACKSTATION_OVERSIZE,
            "Parcel is too large for a parcel locker: " + "; ".join(reasons),
            {
                "weight_kg": round(weight, 3),
                "max_weight_kg": limits.max_weight_kg,
                "volume_l": round(volume / 1000, 3),
                "max_volume_l": round(max_volume / 1000, 3),
                "skus": ", ".join(too_big),
                "max_dimensions_cm": _format_dimensions(limits),
            },
        )
    ]


def _format_dimensions(limits):
    return "x".join(f"{side:g}" for side in limits.dimensions) + " cm"


def detect_value_above_threshold(snapshot, config):
    """Expensive orders are checked by hand before they leave (fraud, typing errors)."""
    threshold, value = _decimal(config.value_threshold), _decimal(snapshot.value)
    if threshold is None or value is None or value <= threshold:
        return []
    return [
        Hold(
            VALUE_ABOVE_THRESHOLD,
            f"Order value {value} is above the threshold of {threshold}",
            {"value": float(value), "threshold": float(threshold)},
        )
    ]


_STREET_WORDS = re.compile(r"(?:straße|strasse|str\.?)(?=\s|[0-9]|$)")


def address_key(customer):
    """A comparable form of name and delivery address for spotting repeated orders.

    First names are left out ("Hans"/"H."), street spellings unified ("Hauptstraße",
    "Hauptstr."), so the addon can store it in an indexed field and search by it.
    """

    def norm(value):
        folded = _STREET_WORDS.sub("str", text(value).casefold())
        return "".join(ch for ch in folded if ch.isalnum())

    parts = (
        norm(getattr(customer, "country", "")),
        norm(getattr(customer, "zip", "")),
        norm(getattr(customer, "street", "")) + norm(getattr(customer, "street2", "")),
        norm(getattr(customer, "lastname", "")) or norm(getattr(customer, "company", "")),
    )
    return "|".join(parts) if any(parts[1:]) else ""


def detect_suspected_duplicate(snapshot, config):
    """The same premiums to the same person within days is usually a double submission."""
    lines = tuple(snapshot.lines or ())
    if not lines:
        return []
    signature = order_signature(lines)
    key = address_key(snapshot.customer)
    email = text(getattr(snapshot.customer, "email", "")).casefold()
    ordered_at = _utc_naive(snapshot.ordered_at)
    window = datetime.timedelta(days=config.duplicate_days)
    matches = []
    for other in snapshot.recent_orders or ():
        if text(other.ref) == text(snapshot.ref) or other.signature != signature:
            continue
        same_address = bool(key) and text(other.address_key) == key
        same_email = bool(email) and text(other.email).casefold() == email
        if not (same_address or same_email):
            continue
        other_at = _utc_naive(other.ordered_at)
        if ordered_at and other_at and abs(ordered_at - other_at) > window:
            continue
        matches.append(shorten(other.ref))
    if not matches:
        return []
    refs = ", ".join(sorted(set(matches)))
    return [
        Hold(
            SUSPECTED_DUPLICATE,
            f"Same premiums to the same customer within {config.duplicate_days} days: {refs}",
            {"refs": refs, "days": config.duplicate_days, "signature": signature},
        )
    ]


DETECTORS = {
    CUSTOMER_NOTE: detect_customer_note,
    PACKSTATION_OVERSIZE: detect_packstation_oversize,
    VALUE_ABOVE_THRESHOLD: detect_value_above_threshold,
    SUSPECTED_DUPLICATE: detect_suspected_duplicate,
}


def detect_holds(snapshot, config=None):
    """Holds of one order, in the order of ``config.enabled``; never raises on order data."""
    config = config or HoldConfig()
    holds = []
    for code in config.enabled:
        holds.extend(DETECTORS[code](snapshot, config))
    return holds
