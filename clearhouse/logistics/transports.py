"""Transport registry, retry timing and webhook signatures for logistics partners.

``TRANSPORTS`` is the explicit list of protocols a partner can be configured with;
the addon offers its keys as a selection and calls ``make_transport(config)``. A new
protocol is a class fulfilling ``clients.base.Transport`` added here, nothing else.
E-mail is not a transport of the core: Odoo sends mail itself.
"""

import math
import random

from .clients.base import Receipt, Transport, TransportConfig, TransportError
from .clients.ftp import FtpsTransport, FtpTransport
from .clients.https import HttpsTransport
from .clients.sftp import SftpTransport
from .clients.soap import SoapTransport
from .signing import sign, verify_signature

TRANSPORTS = {
    "ftp": FtpTransport,
    "ftps": FtpsTransport,
    "sftp": SftpTransport,
    "https": HttpsTransport,
    "soap": SoapTransport,
}

__all__ = [
    "TRANSPORTS",
    "Receipt",
    "Transport",
    "TransportConfig",
    "TransportError",
    "backoff",
    "make_transport",
    "sign",
    "verify_signature",
]

_SYSTEM_RANDOM = random.SystemRandom()


def make_transport(config):
    """The transport for ``config.protocol``; a ``TransportError`` for an unknown one."""
    transport_class = TRANSPORTS.get(config.protocol)
    if transport_class is None:
        raise TransportError(
            f"Unknown transport protocol {config.protocol!r}; "
            f"known are {', '.join(sorted(TRANSPORTS))}.",
            retryable=False,
            code="transport_config",
            protocol=config.protocol,
        )
    return transport_class(config)


def backoff(attempt, *, base=30.0, factor=2.0, cap=3600.0, jitter=0.5, rng=None):
    """Seconds to wait before retry number ``attempt`` (1 for the first retry).

    Exponential (``base * factor ** (attempt - 1)``) up to ``cap``; then up to
    ``jitter`` of it is taken away at random, so that the documents of one failed run
    do not all hit the partner again in the same second. Pass a seeded
    ``random.Random`` as ``rng`` for reproducible delays.
    """
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise ValueError(f"attempt must be a whole number from 1, not {attempt!r}")
    if base <= 0 or factor < 1 or cap < base or not 0 <= jitter <= 1:
        raise ValueError("need base > 0, factor >= 1, cap >= base and 0 <= jitter <= 1")
    # Compare exponents, not powers: factor ** 10_000 overflows a float.
    if factor == 1 or (attempt - 1) * math.log(factor) < math.log(cap / base):
        delay = min(cap, base * factor ** (attempt - 1))
    else:
        delay = cap
    rng = rng or _SYSTEM_RANDOM
    return delay * (1 - jitter * rng.random())
