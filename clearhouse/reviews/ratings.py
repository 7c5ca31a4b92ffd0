"""What a rating leads to.

A low rating opens the feedback page and a follow-up (ticket or activity). Review
links are offered to every customer whatever the rating; only a platform whose policy
allows selective invitations may be shown to satisfied customers alone (Google and
Trustpilot forbid it).
"""

DEFAULT_LOW_THRESHOLD = 2  # ratings at or below are low


def is_low(rating, threshold=DEFAULT_LOW_THRESHOLD):
    return rating <= threshold


def offer_link(selective_allowed, gate_on_rating, rating=None, threshold=DEFAULT_LOW_THRESHOLD):
    """Whether a platform's review link is shown.

    ``rating`` None: in the request mail (before any rating). A gated platform (allowed
    by its policy and switched on) appears only after a rating above the threshold;
    every other platform appears always.
    """
    if not (selective_allowed and gate_on_rating):
        return True
    return rating is not None and not is_low(rating, threshold)
