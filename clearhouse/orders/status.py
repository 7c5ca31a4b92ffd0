"""The one status an order reports to the outside (intake answers, status queries).

Channels used to answer with their own words ("valid", "received", "in_clearing"); a shop
and a campaign website now read the same statuses, decided here from the order's facts.
"""

RECEIVED = "received"
AWAITING_PAYMENT = "awaiting_payment"
IN_CLEARING = "in_clearing"
CONFIRMED = "confirmed"
SHIPPED = "shipped"
CANCELLED = "cancelled"
REJECTED = "rejected"
UNKNOWN = "unknown"  # a status query for a reference that never arrived

# In the order an order normally passes them; "rejected" never became an order.
ORDER_STATUSES = (
    RECEIVED,
    AWAITING_PAYMENT,
    IN_CLEARING,
    CONFIRMED,
    SHIPPED,
    CANCELLED,
    REJECTED,
    UNKNOWN,
)


def order_status(state, *, in_clearing=False, awaiting_payment=False, shipped=False):
    """The outside status of an order from its sale state and flags.

    A cancellation wins over everything; a shipped parcel over the clearing of a later
    problem (a returned parcel is reported as shipped until the order is cancelled);
    clearing over the payment wait, because a clerk must act before the payment matters.
    """
    if state == "cancel":
        return CANCELLED
    if shipped:
        return SHIPPED
    if in_clearing:
        return IN_CLEARING
    if awaiting_payment:
        return AWAITING_PAYMENT
    if state in ("sale", "done"):
        return CONFIRMED
    return RECEIVED
