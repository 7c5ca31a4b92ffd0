"""Calls to outside systems: which failures a retry can cure, and when to retry.

Every client of the core that talks to a partner, a shop or a payment provider (the
logistics transports, the WooCommerce adapter, the PayPal client) asks these functions,
so that the same failure is retried, or put in front of a person, whichever client
met it:

- retryable: timeouts, refused or broken connections, HTTP 408, 425, 429 and 5xx;
  waiting may help, and the other side says so with ``Retry-After``
  (``retry_after_seconds``).
- not retryable: TLS failures (a certificate or protocol a person must fix), redirects
  (we never follow them: a POST must not go elsewhere, credentials must not leak to
  plain HTTP), authentication, other 4xx, an address that cannot be sent (``config``)
  and anything unexpected; the same call gives the same answer.

``backoff`` says how long to wait before the next attempt. The module is named
``remote``, not ``http``, so that it can never shadow the standard library's ``http``.
"""

import datetime
import email.utils
import math
import random
import re
import ssl
from dataclasses import dataclass

import requests

KINDS = (
    "timeout",
    "refused",
    "connection",
    "tls",
    "redirect",
    "auth",
    "not_found",
    "rejected",
    "throttled",
    "unavailable",
    "config",
    "error",
)
MAX_RETRY_AFTER = 24 * 3600.0  # a longer wish is a misconfigured server, not a plan

_SYSTEM_RANDOM = random.SystemRandom()
_FILE_ERRORS = (
    FileNotFoundError,
    FileExistsError,
    PermissionError,
    IsADirectoryError,
    NotADirectoryError,
)
_BAD_REQUESTS = (  # the configured address or header cannot even be sent
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidHeader,
    requests.exceptions.URLRequired,
)
_BROKEN_REQUESTS = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
_DELTA_SECONDS = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class Failure:
    """What went wrong, in one of ``KINDS``; ``status`` is the HTTP status (0: none).

    Clients name their error codes after ``kind`` (``transport_<kind>`` for logistics,
    ``<kind>`` for shops, ``paypal_<kind>``), so one word means one thing everywhere.
    """

    kind: str
    retryable: bool
    status: int = 0


def classify_status(status):
    """The ``Failure`` an HTTP status that is not a success stands for."""
    if isinstance(status, bool) or not isinstance(status, int):
        raise TypeError(f"an HTTP status is a whole number, not {status!r}")
    if status in (401, 403, 407):
        return Failure("auth", False, status)
    if status in (404, 410):
        return Failure("not_found", False, status)
    if status == 408:
        return Failure("timeout", True, status)
    if status == 429:
        return Failure("throttled", True, status)
    if status == 425 or 500 <= status < 600:
        return Failure("unavailable", True, status)
    if 300 <= status < 400:
        return Failure("redirect", False, status)
    if 400 <= status < 500:
        return Failure("rejected", False, status)
    return Failure("error", False, status)  # not an HTTP failure status: nothing to wait for


def classify_exception(exc):
    """The ``Failure`` a transport exception (``requests``, sockets, TLS) stands for.

    The order of the checks matters: a ``requests`` TLS error is a connection error,
    a connect timeout both a timeout and a connection error, and every ``requests``
    error an ``OSError``.
    """
    if isinstance(exc, (requests.exceptions.SSLError, ssl.SSLError)):
        return Failure("tls", False)
    if isinstance(exc, (requests.Timeout, TimeoutError)):
        return Failure("timeout", True)
    if isinstance(exc, requests.TooManyRedirects):
        return Failure("redirect", False)
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return classify_status(exc.response.status_code)
    if isinstance(exc, _BAD_REQUESTS):
        return Failure("config", False)
    if not _broken_connection(exc):
        return Failure("error", False)
    if any(isinstance(cause, ConnectionRefusedError) for cause in _causes(exc)):
        return Failure("refused", True)
    return Failure("connection", True)


def _broken_connection(exc):
    """Whether the exception says the connection failed, rather than our request or disk."""
    if isinstance(exc, requests.RequestException):  # InvalidURL and friends are OSErrors too
        return isinstance(exc, _BROKEN_REQUESTS)
    return isinstance(exc, (OSError, EOFError)) and not isinstance(exc, _FILE_ERRORS)


def _causes(exc):
    """``exc`` and what it wraps: ``requests`` hides the socket error two levels down."""
    seen, pending = set(), [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen or len(seen) > 20:
            continue
        seen.add(id(current))
        yield current
        wrapped = (current.__cause__, current.__context__, getattr(current, "reason", None))
        pending.extend(e for e in (*wrapped, *current.args) if isinstance(e, BaseException))


def retry_after_seconds(value, now=None):
    """Seconds a ``Retry-After`` header asks us to wait; None when absent or unreadable.

    The header is either delta-seconds ("120") or an HTTP date; ``now`` (aware, or naive
    UTC) makes the date case reproducible.
    """
    text = str(value or "").strip()
    if _DELTA_SECONDS.fullmatch(text):
        return int(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=datetime.timezone.utc)
    return max(0, math.ceil((when - now).total_seconds()))


def backoff(attempt, *, base=30.0, factor=2.0, cap=3600.0, jitter=0.5, rng=None, retry_after=None):
    """Seconds to wait before retry number ``attempt`` (1 for the first retry).

    Exponential (``base * factor ** (attempt - 1)``) up to ``cap``; then up to
    ``jitter`` of it is taken away at random, so that the calls of one failed run do not
    all hit the other side again in the same second. A ``retry_after`` the other side
    asked for (seconds, up to ``MAX_RETRY_AFTER``) is waited at least. Pass a seeded
    ``random.Random`` as ``rng`` for reproducible delays.
    """
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise ValueError(f"attempt must be a whole number from 1, not {attempt!r}")
    if base <= 0 or factor < 1 or cap < base or not 0 <= jitter <= 1:
        raise ValueError("need base > 0, factor >= 1, cap >= base and 0 <= jitter <= 1")
    if retry_after is not None and not 0 <= retry_after < math.inf:
        raise ValueError(f"retry_after must be finite seconds from 0, not {retry_after!r}")
    # Compare exponents, not powers: factor ** 10_000 overflows a float.
    if factor == 1 or (attempt - 1) * math.log(factor) < math.log(cap / base):
        delay = min(cap, base * factor ** (attempt - 1))
    else:
        delay = cap
    delay *= 1 - jitter * (rng or _SYSTEM_RANDOM).random()
    return max(delay, min(float(retry_after or 0), MAX_RETRY_AFTER))
