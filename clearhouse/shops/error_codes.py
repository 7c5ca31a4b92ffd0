"""Every error code the shop adapters raise (``ShopError.code``), with its parameters.

Shop errors are ``clearhouse.shops.ShopError``: a stable ``code``, ``params`` and the
English ``message`` for logs and specialists. The shop connector renders the user's
sentence from the code in the reader's language (its ``tools/error_messages.py``; an
addon test checks it against this table). A core test checks that every code raised in
this package is listed here.

Failures of the call itself are named after the ``clearhouse.remote`` failure kinds, so
one word means one thing for every outside client.
"""

from clearhouse.remote import KINDS

# HTTP and transport failures: ``status`` (0: no answer) and ``retry_after`` (seconds
# the shop asked for) where known.
CALL_ERRORS = {kind: ("status", "retry_after") for kind in KINDS}

# The shop answered, but not with what the contract expects.
ANSWER_ERRORS = {
    "invalid_response": ("status",),
}

# The base class's own code: an adapter that raised without choosing one.
OTHER_ERRORS = {
    "shop_error": (),
}

ERROR_CODES = {**CALL_ERRORS, **ANSWER_ERRORS, **OTHER_ERRORS}
