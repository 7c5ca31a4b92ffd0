"""Why a review request must not be sent, each reason with a stable code.

The addon reads the facts of an order and its customer; this module decides. All
reasons that apply are returned in a fixed order (the first one is recorded as the
main reason), so a report can count every reason honestly.
"""

import datetime
from dataclasses import dataclass

# Stable codes, in the order they are checked and reported.
NO_EMAIL = "no_email"
CANCELLED = "cancelled"
RETURNED = "returned"
COMPLAINT = "complaint"
OPTED_OUT = "opted_out"
BOUNCED = "bounced"
COOLDOWN = "cooldown"
BELOW_MINIMUM = "below_minimum"
B2B = "b2b"
REASON_CODES = (
    NO_EMAIL,
    CANCELLED,
    RETURNED,
    COMPLAINT,
    OPTED_OUT,
    BOUNCED,
    COOLDOWN,
    BELOW_MINIMUM,
    B2B,
)
# A bounce counter at or above this means the address does not receive mail.
BOUNCE_LIMIT = 1


@dataclass(frozen=True)
class SuppressionFacts:
    email: str = ""
    cancelled: bool = False
    returned: bool = False
    open_complaint: bool = False
    opted_out: bool = False  # on the mail blacklist
    bounce_count: int = 0
    last_asked_at: datetime.datetime | None = None  # last request to this customer
    cooldown_days: int = 0  # 0 = no cooldown
    amount: float = 0.0
    min_amount: float = 0.0  # 0 = no minimum
    is_company: bool = False
    skip_b2b: bool = False


def _aware(value):
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value


def suppression_reasons(facts, now):
    """Every reason that applies, in ``REASON_CODES`` order; empty: the request may go."""
    reasons = []
    if not (facts.email or "").strip():
        reasons.append(NO_EMAIL)
    if facts.cancelled:
        reasons.append(CANCELLED)
    if facts.returned:
        reasons.append(RETURNED)
    if facts.open_complaint:
        reasons.append(COMPLAINT)
    if facts.opted_out:
        reasons.append(OPTED_OUT)
    if facts.bounce_count >= BOUNCE_LIMIT:
        reasons.append(BOUNCED)
    if facts.cooldown_days and facts.last_asked_at:
        since = _aware(now) - _aware(facts.last_asked_at)
        if since < datetime.timedelta(days=facts.cooldown_days):
            reasons.append(COOLDOWN)
    if facts.min_amount and facts.amount < facts.min_amount:
        reasons.append(BELOW_MINIMUM)
    if facts.skip_b2b and facts.is_company:
        reasons.append(B2B)
    return reasons


def suppression_reason(facts, now):
    """The main reason (the first that applies), or None."""
    reasons = suppression_reasons(facts, now)
    return reasons[0] if reasons else None
