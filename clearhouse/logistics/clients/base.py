"""The contract every logistics transport fulfils, and the error it raises.

A transport moves finished documents; it knows nothing of deliveries. The addon's
partner model builds one from a ``TransportConfig`` (``clearhouse.logistics.transports.
make_transport``) and calls:

``send(document_name, payload) -> Receipt``
    Deliver one document, exactly once per call: no transport retries by itself,
    because only the caller knows whether a document may go out twice. It decides,
    with ``TransportError.retryable`` and ``clearhouse.remote.backoff()``, when to try again.
``fetch() -> list[(name, bytes)]``
    The partner's files waiting for us, by name; nothing is removed.
``archive(name)``
    Move a fetched file out of the way once it was stored, so the next ``fetch``
    does not return it again.
``close()``
    Release what the transport keeps between calls (the SOAP client); file and
    HTTPS transports open and close a connection per call.

Every network call passes ``TransportConfig.timeout``. Each error becomes a
``TransportError``: ``retryable`` when trying later may help, not when a person must
act; ``clearhouse.remote`` decides for every client alike (SOAP faults, bad
configuration and host keys are the transports' own, and never retryable).
"""

import hashlib
import posixpath
from dataclasses import dataclass, field

from clearhouse.errors import RemoteError
from clearhouse.remote import classify_exception

DEFAULT_TIMEOUT = 30.0
MAX_FETCH_BYTES = 20 * 1024 * 1024
PART_SUFFIX = ".part"


class TransportError(RemoteError):
    """A transport call that failed; ``retryable`` tells the caller whether to retry.

    Codes are ``transport_<kind>`` for the ``clearhouse.remote`` failure kinds
    (``transport_config`` among them), plus ``transport_exists``, ``transport_bad_name``,
    ``transport_unsupported``, ``transport_host_key``, ``transport_fault`` and
    ``transport_wsdl`` for what only transports know.
    """

    code = "transport_error"


@dataclass(frozen=True)
class TransportConfig:
    """Connection settings of one partner; secrets are kept out of ``repr``.

    ``protocol`` selects the transport in ``TRANSPORTS``. File transports use
    ``host``/``port``/``user`` with ``password`` or ``private_key`` (SFTP, PEM text),
    ``outbound_path`` for documents we send, ``inbound_path`` (+ ``inbound_pattern``)
    for the partner's files and ``archive_path`` where fetched files go (no archive
    path: they are deleted, for partners that want their outbox emptied). SFTP checks
    the server against ``host_key`` (an OpenSSH public key line) and refuses unknown
    servers. HTTPS and SOAP post to ``url`` (SOAP: overrides the WSDL's address), with
    ``token`` in ``token_header`` and, with ``hmac_secret``, a signature of the body
    in ``signature_header``. TLS certificates are verified unless ``verify_tls`` is
    off; ``ca_bundle`` names a file of trusted certificates for private CAs.
    """

    protocol: str
    host: str = ""
    port: int | None = None
    user: str = ""
    password: str = field(default="", repr=False)
    private_key: str = field(default="", repr=False)
    private_key_passphrase: str = field(default="", repr=False)
    host_key: str = ""
    outbound_path: str = ""
    inbound_path: str = ""
    inbound_pattern: str = "*"
    archive_path: str = ""
    url: str = ""
    token: str = field(default="", repr=False)
    token_header: str = "Authorization"
    token_prefix: str = "Bearer "
    hmac_secret: str = field(default="", repr=False)
    signature_header: str = "X-Clearhouse-Signature"
    content_type: str = "application/xml"
    verify_tls: bool = True
    ca_bundle: str = ""
    wsdl: str = ""
    soap_operation: str = ""
    soap_content_param: str = "content"
    soap_name_param: str = "documentName"
    timeout: float = DEFAULT_TIMEOUT
    max_fetch_bytes: int = MAX_FETCH_BYTES


@dataclass(frozen=True)
class Receipt:
    """Proof of one send: where the document went and what the partner answered."""

    protocol: str
    document_name: str
    location: str
    size: int
    sha256: str
    reference: str = ""  # the partner's id for the document, when it gives one
    detail: str = ""  # the partner's answer, shortened


class Transport:
    """Base class; subclasses implement ``send`` and, for file transports, the rest."""

    protocol = ""
    supports_fetch = False

    def __init__(self, config):
        if config.timeout is None or not 0 < config.timeout <= 600:
            raise TransportError(
                "The transport timeout must be between 0 and 600 seconds.",
                retryable=False,
                code="transport_config",
            )
        self.config = config

    def send(self, document_name, payload):
        raise NotImplementedError

    def fetch(self):
        raise TransportError(
            f"{self.protocol} partners push their files; fetching is not supported.",
            retryable=False,
            code="transport_unsupported",
        )

    def archive(self, name):
        raise TransportError(
            f"{self.protocol} partners push their files; archiving is not supported.",
            retryable=False,
            code="transport_unsupported",
        )

    def close(self):
        """Nothing to release by default: each call opens and closes its connection."""

    def _receipt(self, document_name, payload, location, reference="", detail=""):
        return Receipt(
            protocol=self.protocol,
            document_name=document_name,
            location=location,
            size=len(payload),
            sha256=hashlib.sha256(payload).hexdigest(),
            reference=str(reference or "")[:256],
            detail=str(detail or "")[:2000],
        )


class FolderTransport(Transport):
    """File-server partners (FTP, SFTP): upload under a temporary name and rename, so the
    partner never reads half a file; read inbound files, then archive or remove them.

    Subclasses provide ``_request(action, operation)`` (one connection per call) and the
    protocol's ``_exists``, ``_upload`` and ``_remove`` on that connection.
    """

    default_port = None

    def send(self, document_name, payload):
        name = check_name(document_name)
        payload = check_payload(payload)
        target = remote_path(self.config.outbound_path, name)

        def upload(conn):
            if self._exists(conn, target):
                raise TransportError(
                    f"{target} already exists on the server; it was sent before.",
                    retryable=False,
                    code="transport_exists",
                    name=name,
                )
            part = f"{target}{PART_SUFFIX}"
            self._upload(conn, part, payload)
            conn.rename(part, target)

        self._request("send", upload)
        return self._receipt(name, payload, f"{self.protocol}://{self._address()}/{target}")

    def _address(self):
        return f"{self.config.host}:{self.config.port or self.default_port}"

    def _exists(self, conn, path):
        raise NotImplementedError

    def _upload(self, conn, path, payload):
        raise NotImplementedError

    def archive(self, name):
        name = check_name(name)
        source = remote_path(self.config.inbound_path, name)
        if self.config.archive_path:
            target = remote_path(self.config.archive_path, name)
            self._request("archive", lambda conn: conn.rename(source, target))
        else:
            self._request("archive", lambda conn: self._remove(conn, source))

    def _remove(self, conn, path):
        raise NotImplementedError


def exception_error(exc, where):
    """A transport-level exception as a TransportError, classified by ``clearhouse.remote``.

    Every transport maps its protocol's own replies first and hands the rest here.
    """
    failure = classify_exception(exc)
    detail = str(exc)[:300]
    text = {
        "timeout": "timed out",
        "refused": "connection refused",
        "connection": f"connection failed ({detail})",
        "tls": f"TLS failed ({detail})",
        "redirect": "redirected; fix the configured address",
    }.get(failure.kind, f"unexpected error ({detail or type(exc).__name__})")
    return TransportError(
        f"{where}: {text}.", retryable=failure.retryable, code=f"transport_{failure.kind}"
    )


def is_plain_name(name):
    """No folder parts, nothing a server or our disk could misread."""
    return (
        isinstance(name, str)
        and bool(name.strip())
        and name not in (".", "..")
        and not any(c in name for c in "/\\\x00\r\n")
        and len(name) <= 255
    )


def check_name(name):
    """The name of a document to send or archive; refused before any connection."""
    if not is_plain_name(name):
        raise TransportError(
            f"{name!r} is not a plain file name.",
            retryable=False,
            code="transport_bad_name",
            name=str(name)[:300],
        )
    return name


def check_payload(payload):
    if not isinstance(payload, (bytes, bytearray, memoryview)):
        raise TypeError("a transport sends bytes: write the document first")
    return bytes(payload)


def remote_path(folder, name):
    return posixpath.join(folder, name) if folder else name
