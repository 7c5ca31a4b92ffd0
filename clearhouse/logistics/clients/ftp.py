"""FTP and FTPS (explicit TLS, RFC 4217) with ``ftplib``.

Each call opens its own connection and closes it: partner servers drop idle sessions,
and a cron run sends a handful of documents, not thousands. Uploads go to a ``.part``
name first and are renamed when complete, so a partner polling the folder never
picks up half a document.
"""

import fnmatch
import ftplib
import io
import posixpath
import ssl

from .base import (
    PART_SUFFIX,
    FolderTransport,
    TransportError,
    exception_error,
    is_plain_name,
    remote_path,
)


class FtpTransport(FolderTransport):
    protocol = "ftp"
    supports_fetch = True
    default_port = 21

    def fetch(self):
        config = self.config

        def download(ftp):
            files = []
            for name in sorted(_list_files(ftp, config.inbound_path)):
                if (
                    not is_plain_name(name)  # the server's listing is not trusted either
                    or name.endswith(PART_SUFFIX)
                    or not fnmatch.fnmatch(name, config.inbound_pattern)
                ):
                    continue
                files.append((name, _retrieve(ftp, config, name)))
            return files

        return self._request("fetch", download)

    def _exists(self, conn, path):
        return _exists(conn, path)

    def _upload(self, conn, path, payload):
        conn.storbinary(f"STOR {path}", io.BytesIO(payload))

    def _remove(self, conn, path):
        conn.delete(path)

    def _connect(self):
        config = self.config
        ftp = ftplib.FTP(timeout=config.timeout)
        ftp.connect(config.host, config.port or self.default_port, timeout=config.timeout)
        return ftp

    def _login(self, ftp):
        ftp.login(self.config.user, self.config.password)

    def _request(self, action, operation):
        """Connect, log in, run ``operation(ftp)``, close; every error a TransportError."""
        ftp = None
        try:
            ftp = self._connect()
            self._login(ftp)
            ftp.set_pasv(True)
            return operation(ftp)
        except TransportError:
            raise
        except Exception as exc:  # mapped below, never swallowed
            raise _map_error(exc, action, self._address()) from exc
        finally:
            if ftp is not None:
                _close(ftp)


class FtpsTransport(FtpTransport):
    """FTP over explicit TLS; control and data channel are encrypted (PROT P)."""

    protocol = "ftps"

    def _connect(self):
        config = self.config
        ftp = ftplib.FTP_TLS(context=_tls_context(config), timeout=config.timeout)
        ftp.connect(config.host, config.port or self.default_port, timeout=config.timeout)
        return ftp

    def _login(self, ftp):
        ftp.login(self.config.user, self.config.password)  # AUTH TLS before USER
        ftp.prot_p()


def _tls_context(config):
    context = ssl.create_default_context(cafile=config.ca_bundle or None)
    if not config.verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _exists(ftp, path):
    ftp.voidcmd("TYPE I")  # SIZE is refused in ASCII mode
    try:
        ftp.size(path)
    except ftplib.error_perm:
        return False  # 550: no such file; 502: SIZE unsupported, the rename will tell
    return True


def _list_files(ftp, folder):
    """Plain file names in ``folder``: MLSD where the server has it, else NLST."""
    try:
        return [
            name
            for name, facts in ftp.mlsd(folder or "", facts=["type"])
            if facts.get("type", "file") == "file"
        ]
    except ftplib.error_perm as exc:
        if not str(exc).startswith(("500", "501", "502")):
            raise
    names = [posixpath.basename(entry) for entry in ftp.nlst(folder or "")]
    return [name for name in names if name not in (".", "..", "")]


def _retrieve(ftp, config, name):
    chunks = []
    size = 0

    def collect(chunk):
        nonlocal size
        size += len(chunk)
        if size > config.max_fetch_bytes:
            raise TransportError(
                f"{name} is larger than {config.max_fetch_bytes} bytes; it was not fetched.",
                retryable=False,
                code="transport_file_too_large",
                name=name,
            )
        chunks.append(chunk)

    ftp.retrbinary(f"RETR {remote_path(config.inbound_path, name)}", collect)
    return b"".join(chunks)


def _close(ftp):
    try:
        ftp.quit()
    except (OSError, EOFError, ftplib.Error):  # the connection is going away anyway
        ftp.close()


def _map_error(exc, action, address):
    where = f"FTP {action} at {address}"
    if isinstance(exc, ftplib.error_perm):
        reply = str(exc)
        if reply.startswith(("530", "532")):
            return TransportError(
                f"{where}: login refused ({reply}).",
                retryable=False,
                code="transport_auth",
                reply=reply,
            )
        return TransportError(
            f"{where}: the server refused ({reply}).",
            retryable=False,
            code="transport_rejected",
            reply=reply,
        )
    if isinstance(exc, ftplib.error_temp):
        return TransportError(
            f"{where}: temporary failure ({exc}).",
            retryable=True,
            code="transport_unavailable",
            reply=str(exc),
        )
    if isinstance(exc, ftplib.Error):  # an unexpected reply: the session broke off
        return TransportError(
            f"{where}: connection failed ({exc}).", retryable=True, code="transport_connection"
        )
    return exception_error(exc, where)
