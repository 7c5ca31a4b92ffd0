"""Real servers on 127.0.0.1 for tests of the transports (FTP, SFTP) and mail (SMTP).

Shared by the core's pytest suite and the addons' Odoo tests, so both talk to the
same protocol peers. Needs the ``test`` extra (pyftpdlib, aiosmtpd); paramiko is a dependency
anyway. Every server binds a port the kernel picks, serves one folder and records
what it was asked, so tests can prove that nothing was sent twice.
"""

import datetime
import ipaddress
import logging
import os
import socket
import threading
import warnings
from contextlib import contextmanager

import paramiko
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOCALHOST = "127.0.0.1"
# Obviously fake credentials: the test servers accept these and nothing else.
USER = "carrier-test"
PASSWORD = "not-a-real-password"

# paramiko logs every connection at INFO; the servers here make many.
logging.getLogger("paramiko").setLevel(logging.WARNING)


class SftpServer(paramiko.ServerInterface):
    """Accepts the test user by password or by the given client key."""

    def __init__(self, client_key=None):
        self.client_key = client_key

    def get_allowed_auths(self, username):
        return "password,publickey"

    def check_auth_password(self, username, password):
        if (username, password) == (USER, PASSWORD):
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def check_auth_publickey(self, username, key):
        if username == USER and self.client_key is not None and key == self.client_key:
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


class _Handle(paramiko.SFTPHandle):
    def stat(self):
        return paramiko.SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))


class SftpFolder(paramiko.SFTPServerInterface):
    """SFTP over one folder; paths outside it do not exist. Records every request."""

    root = ""
    log = []

    def _local(self, path):
        local = os.path.realpath(os.path.join(self.root, path.lstrip("/")))
        if local != self.root and not local.startswith(self.root + os.sep):
            raise FileNotFoundError(path)
        return local

    def _call(self, name, path, function):
        self.log.append((name, path))
        try:
            return function(self._local(path))
        except OSError as exc:
            return paramiko.SFTPServer.convert_errno(exc.errno)

    def canonicalize(self, path):
        return "/" + os.path.normpath(path.lstrip("/")).lstrip(".")

    def list_folder(self, path):
        def listing(local):
            return [
                paramiko.SFTPAttributes.from_stat(os.stat(os.path.join(local, name)), name)
                for name in os.listdir(local)
            ]

        return self._call("list", path, listing)

    def stat(self, path):
        return self._call(
            "stat", path, lambda local: paramiko.SFTPAttributes.from_stat(os.stat(local))
        )

    lstat = stat

    def open(self, path, flags, attr):
        def opening(local):
            mode = "wb" if flags & (os.O_WRONLY | os.O_RDWR) else "rb"
            handle = _Handle(flags)
            handle.filename = local
            stream = open(local, mode)  # noqa: SIM115 - paramiko closes the handle
            handle.readfile = handle.writefile = stream
            return handle

        return self._call("open", path, opening)

    def remove(self, path):
        return self._call("remove", path, lambda local: os.remove(local) or paramiko.SFTP_OK)

    def rename(self, oldpath, newpath):
        def renaming(local):
            target = self._local(newpath)
            if os.path.exists(target):
                return paramiko.SFTP_FAILURE  # SFTP v3: rename never overwrites
            os.rename(local, target)
            return paramiko.SFTP_OK

        return self._call("rename", oldpath, renaming)


def make_folders(home, names=("out", "in", "archive")):
    for name in names:
        os.makedirs(os.path.join(home, name), exist_ok=True)


@contextmanager
def sftp_server(home, host_key, client_key=None):
    """Serve ``home`` by SFTP; yields ``(port, log)``, ``log`` lists every request."""
    make_folders(home)
    folder_class = type("Folder", (SftpFolder,), {"root": os.path.realpath(home), "log": []})
    listener = socket.socket()
    listener.bind((LOCALHOST, 0))
    listener.listen(8)
    listener.settimeout(0.1)
    stop = threading.Event()
    transports = []

    def accept_loop():
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except (TimeoutError, OSError):
                continue
            transport = paramiko.Transport(conn)
            transport.add_server_key(host_key)
            transport.set_subsystem_handler("sftp", paramiko.SFTPServer, folder_class)
            transports.append(transport)
            try:
                transport.start_server(server=SftpServer(client_key))
            except (paramiko.SSHException, EOFError, OSError):
                continue

    thread = threading.Thread(target=accept_loop, name="sftp", daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], folder_class.log
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
        for transport in transports:
            transport.close()


@contextmanager
def ftp_server(home):
    """Serve ``home`` by plain FTP; yields ``(port, commands)``, every command received."""
    with warnings.catch_warnings():
        # pyftpdlib still builds on asynchat, deprecated since Python 3.11.
        warnings.simplefilter("ignore", DeprecationWarning)
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler
        from pyftpdlib.servers import ThreadedFTPServer

    logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
    make_folders(home)
    commands = []

    class Handler(FTPHandler):
        auth_failed_timeout = 0.05  # pyftpdlib waits 3 s after a wrong password

        def pre_process_command(self, line, cmd, arg):
            commands.append((cmd, arg))
            return super().pre_process_command(line, cmd, arg)

    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(home), perm="elradfmw")
    Handler.authorizer = authorizer
    Handler.passive_ports = None
    Handler.timeout = 10
    server = ThreadedFTPServer((LOCALHOST, 0), Handler)
    thread = threading.Thread(
        target=lambda: server.serve_forever(timeout=0.05, blocking=True, handle_exit=False),
        name="ftp",
        daemon=True,
    )
    thread.start()
    try:
        yield server.address[1], commands
    finally:
        server.close_all()
        thread.join(timeout=5)


def closed_port():
    """A port on 127.0.0.1 that nobody listens on: connecting is refused."""
    with socket.socket() as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


@contextmanager
def silent_server():
    """A port that accepts connections (the kernel does) but never says a word."""
    sock = socket.socket()
    sock.bind((LOCALHOST, 0))
    sock.listen(8)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def make_tls_files(folder):
    """A throw-away CA and a server certificate for 127.0.0.1, as PEM files.

    Returns ``(ca_file, cert_file, key_file, combined_file)``; ``combined_file`` holds
    key and certificate together, as pyftpdlib wants it.
    """
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Clearhouse Test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, LOCALHOST)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(LOCALHOST)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    ca_file, cert_file = folder / "ca.pem", folder / "server.pem"
    key_file, combined_file = folder / "server.key", folder / "server-combined.pem"
    ca_file.write_bytes(ca_cert.public_bytes(pem))
    cert_file.write_bytes(cert.public_bytes(pem))
    key_file.write_bytes(key_pem)
    combined_file.write_bytes(key_pem + cert.public_bytes(pem))
    return ca_file, cert_file, key_file, combined_file


class _SmtpCapture:
    """aiosmtpd handler that keeps every message it accepts, as raw bytes."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "data": envelope.original_content or envelope.content,
            }
        )
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server():
    """A real SMTP server on 127.0.0.1 (aiosmtpd, no TLS, no auth).

    Yields ``(port, messages)``: ``messages`` fills with ``{from, to, data}`` as mail arrives.
    """
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        port = probe.getsockname()[1]
    handler = _SmtpCapture()
    controller = Controller(handler, hostname=LOCALHOST, port=port)
    controller.start()
    try:
        yield port, handler.messages
    finally:
        controller.stop()
