"""Transport registry and webhook signatures for logistics partners.

``TRANSPORTS`` is the explicit list of protocols a partner can be configured with;
the addon offers its keys as a selection and calls ``make_transport(config)``. A new
protocol is a class fulfilling ``clients.base.Transport`` added here, nothing else.
E-mail is not a transport of the core: Odoo sends mail itself. When to retry a failed
send is ``clearhouse.remote.backoff``, the same for every outside call.
"""

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
    "make_transport",
    "sign",
    "verify_signature",
]


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
