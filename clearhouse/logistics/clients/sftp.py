"""SFTP with ``paramiko``.

The server must present the host key configured for the partner: an unknown or
changed key is refused before the password or key is offered, because trusting on
first use would hand our credentials and the recipients' addresses to whoever answers
first. Each call opens and closes its own connection; uploads go to a ``.part`` name
and are renamed when complete.
"""

import base64
import binascii
import fnmatch
import io
import socket
import stat

import paramiko

from .base import (
    PART_SUFFIX,
    FolderTransport,
    TransportError,
    exception_error,
    is_plain_name,
    remote_path,
)

_KEY_CLASSES = (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey)


class _RefuseUnknownHost(paramiko.MissingHostKeyPolicy):
    def missing_host_key(self, client, hostname, key):
        raise TransportError(
            f"SFTP server {hostname} presented a {key.get_name()} key that is not the "
            "configured host key.",
            retryable=False,
            code="transport_host_key",
            fingerprint=key.fingerprint,
        )


class SftpTransport(FolderTransport):
    protocol = "sftp"
    supports_fetch = True
    default_port = 22

    def __init__(self, config):
        super().__init__(config)
        self._host_key = _public_key(config.host_key)
        self._private_key = None
        if config.private_key:
            self._private_key = _private_key(config.private_key, config.private_key_passphrase)

    def fetch(self):
        config = self.config

        def download(sftp):
            files = []
            entries = sorted(sftp.listdir_attr(config.inbound_path or "."), key=_name)
            for entry in entries:
                name = entry.filename
                if (
                    not stat.S_ISREG(entry.st_mode or 0)
                    or name.endswith(PART_SUFFIX)
                    or not fnmatch.fnmatch(name, config.inbound_pattern)
                    or not is_plain_name(name)  # the server's listing is not trusted either
                ):
                    continue
                if (entry.st_size or 0) > config.max_fetch_bytes:
                    raise TransportError(
                        f"{name} is larger than {config.max_fetch_bytes} bytes; it was not "
                        "fetched.",
                        retryable=False,
                        code="transport_file_too_large",
                        name=name,
                    )
                with sftp.open(remote_path(config.inbound_path, name), "rb") as handle:
                    files.append((name, handle.read(config.max_fetch_bytes)))
            return files

        return self._request("fetch", download)

    def _exists(self, conn, path):
        return _exists(conn, path)

    def _upload(self, conn, path, payload):
        conn.putfo(io.BytesIO(payload), path, file_size=len(payload), confirm=True)

    def _remove(self, conn, path):
        conn.remove(path)

    def _request(self, action, operation):
        """Connect, check the host key, log in, run ``operation(sftp)``, close."""
        config = self.config
        port = config.port or self.default_port
        client = paramiko.SSHClient()
        host_name = config.host if port == self.default_port else f"[{config.host}]:{port}"
        client.get_host_keys().add(host_name, self._host_key.get_name(), self._host_key)
        client.set_missing_host_key_policy(_RefuseUnknownHost())
        connected = False
        sock = None
        try:
            sock = socket.create_connection((config.host, port), timeout=config.timeout)
            client.connect(
                config.host,
                port=port,
                username=config.user,
                password=config.password or None,
                pkey=self._private_key,
                sock=sock,
                # The whole key exchange; longer than the banner wait, so that a silent
                # server ends as a banner timeout and not as a half-made session.
                timeout=2 * config.timeout,
                banner_timeout=config.timeout,
                auth_timeout=config.timeout,
                channel_timeout=config.timeout,
                allow_agent=False,
                look_for_keys=False,
            )
            sftp = client.open_sftp()
            sftp.get_channel().settimeout(config.timeout)
            connected = True
            return operation(sftp)
        except TransportError:
            raise
        except Exception as exc:  # mapped below, never swallowed
            raise _map_error(exc, action, self._address(), connected) from exc
        finally:
            client.close()
            if sock is not None:
                sock.close()


def _exists(sftp, path):
    try:
        sftp.stat(path)
    except FileNotFoundError:
        return False
    return True


def _name(entry):
    return entry.filename


def _public_key(line):
    """The partner's host key from an OpenSSH line such as ``ssh-ed25519 AAAA... comment``."""
    parts = (line or "").split()
    try:
        return paramiko.PKey.from_type_string(parts[0], base64.b64decode(parts[1]))
    except (IndexError, binascii.Error, paramiko.SSHException, ValueError) as exc:
        raise TransportError(
            "The SFTP host key must be an OpenSSH public key line such as "
            "'ssh-ed25519 AAAA...': unknown servers are refused.",
            retryable=False,
            code="transport_config",
        ) from exc


def _private_key(text, passphrase):
    for key_class in _KEY_CLASSES:
        try:
            return key_class.from_private_key(io.StringIO(text), password=passphrase or None)
        except (paramiko.SSHException, ValueError, TypeError):
            continue
    raise TransportError(
        "The SFTP private key cannot be read (PEM or OpenSSH format, with its passphrase).",
        retryable=False,
        code="transport_config",
    )


def _map_error(exc, action, address, connected):
    where = f"SFTP {action} at {address}"
    if isinstance(exc, paramiko.AuthenticationException):
        return TransportError(f"{where}: login refused.", retryable=False, code="transport_auth")
    if isinstance(exc, paramiko.BadHostKeyException):
        return TransportError(
            f"{where}: the server's host key changed; refusing to log in.",
            retryable=False,
            code="transport_host_key",
        )
    if isinstance(exc.__context__, TimeoutError):
        # paramiko reports a banner that never came as an SSHException over the timeout.
        return exception_error(exc.__context__, where)
    if connected and isinstance(exc, (PermissionError, FileNotFoundError)):
        return TransportError(
            f"{where}: the server refused ({exc}).",
            retryable=False,
            code="transport_rejected",
        )
    if connected and isinstance(exc, OSError) and exc.errno is None and exc.args:
        # A status the server sent (SSH_FX_FAILURE ...), not a broken connection.
        return TransportError(
            f"{where}: the server refused ({exc}).",
            retryable=False,
            code="transport_rejected",
        )
    if isinstance(exc, paramiko.SSHException):
        # Banner not received, negotiation cut short: try again later.
        return TransportError(
            f"{where}: connection failed ({exc}).", retryable=True, code="transport_connection"
        )
    return exception_error(exc, where)
