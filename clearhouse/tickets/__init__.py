"""Tickets: who gets a ticket now (shifts, leaves, loads), mail references and auto-replies."""

from .distribution import (
    METHODS,
    Member,
    Window,
    assign_batch,
    choose_assignee,
    next_shift_start,
    on_shift,
    waiting_order,
)
from .mail import format_reference, is_automatic_mail, parse_reference
