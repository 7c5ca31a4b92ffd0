"""FTP and FTPS transports against a real pyftpdlib server on 127.0.0.1."""

import logging

import pytest
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
from pyftpdlib.servers import ThreadedFTPServer
from test_logistics_support import (
    LOCALHOST,
    PASSWORD,
    USER,
    closed_port,
    make_tls_files,
    silent_server,
    start_thread,
)

from clearhouse.logistics.transports import TransportConfig, TransportError, make_transport

logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
DOCUMENT = b'<?xml version="1.0"?><delivery_orders/>'


class _Handler(FTPHandler):
    auth_failed_timeout = 0.05  # pyftpdlib waits 3 s after a wrong password
    commands = []  # every command received, to prove nothing is sent twice

    def pre_process_command(self, line, cmd, arg):
        type(self).commands.append(cmd)
        return super().pre_process_command(line, cmd, arg)


class _TlsHandler(TLS_FTPHandler):
    auth_failed_timeout = 0.05
    tls_control_required = True
    tls_data_required = True
    commands = []

    def pre_process_command(self, line, cmd, arg):
        type(self).commands.append(cmd)
        return super().pre_process_command(line, cmd, arg)


def _serve(handler_class, home):
    for folder in ("out", "in", "archive"):
        (home / folder).mkdir()
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(home), perm="elradfmw")
    handler = type(handler_class.__name__, (handler_class,), {"commands": []})
    handler.authorizer = authorizer
    handler.passive_ports = None
    handler.timeout = 10
    server = ThreadedFTPServer((LOCALHOST, 0), handler)
    thread = start_thread(
        lambda: server.serve_forever(timeout=0.05, blocking=True, handle_exit=False), "ftp"
    )
    return server, thread, handler


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(params=["ftp", "ftps"])
def server(request, tmp_path, tls_files):
    """A running FTP (or FTPS) server with out/, in/ and archive/ folders."""
    protocol = request.param
    handler_class = _Handler
    if protocol == "ftps":
        handler_class = type("TlsHandler", (_TlsHandler,), {"certfile": str(tls_files[3])})
    home = tmp_path / "home"
    home.mkdir()
    ftp_server, thread, handler = _serve(handler_class, home)
    port = ftp_server.address[1]
    config = TransportConfig(
        protocol=protocol,
        host=LOCALHOST,
        port=port,
        user=USER,
        password=PASSWORD,
        outbound_path="out",
        inbound_path="in",
        archive_path="archive",
        inbound_pattern="*.xml",
        ca_bundle=str(tls_files[0]),
        timeout=5,
    )
    yield {"config": config, "home": home, "handler": handler}
    ftp_server.close_all()
    thread.join(timeout=5)


def test_send_uploads_the_document_under_its_name(server):
    receipt = make_transport(server["config"]).send("CH-DHL-1.xml", DOCUMENT)
    home = server["home"]
    assert (home / "out" / "CH-DHL-1.xml").read_bytes() == DOCUMENT
    assert sorted(p.name for p in (home / "out").iterdir()) == ["CH-DHL-1.xml"], (
        "the .part file was renamed, nothing else is left"
    )
    assert receipt.size == len(DOCUMENT)
    assert receipt.location.endswith("/out/CH-DHL-1.xml")
    assert receipt.protocol == server["config"].protocol
    assert server["handler"].commands.count("STOR") == 1, "the document is stored once"


def test_send_refuses_to_overwrite_a_document_already_there(server):
    (server["home"] / "out" / "CH-DHL-1.xml").write_bytes(b"earlier")
    with pytest.raises(TransportError) as caught:
        make_transport(server["config"]).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_exists", False)
    assert (server["home"] / "out" / "CH-DHL-1.xml").read_bytes() == b"earlier"


def test_fetch_returns_matching_files_and_archive_moves_them(server):
    inbound = server["home"] / "in"
    (inbound / "b.xml").write_bytes(b"<b/>")
    (inbound / "a.xml").write_bytes(b"<a/>")
    (inbound / "c.xml.part").write_bytes(b"<half")
    (inbound / "notes.txt").write_bytes(b"ignored by the pattern")
    (inbound / "sub.xml").mkdir()
    transport = make_transport(server["config"])
    assert transport.fetch() == [("a.xml", b"<a/>"), ("b.xml", b"<b/>")]
    transport.archive("a.xml")
    assert not (inbound / "a.xml").exists()
    assert (server["home"] / "archive" / "a.xml").read_bytes() == b"<a/>"
    assert transport.fetch() == [("b.xml", b"<b/>")]


def test_archive_without_archive_path_deletes(server):
    (server["home"] / "in" / "a.xml").write_bytes(b"<a/>")
    config = TransportConfig(**{**server["config"].__dict__, "archive_path": ""})
    make_transport(config).archive("a.xml")
    assert not (server["home"] / "in" / "a.xml").exists()


def test_wrong_password_is_not_retryable(server):
    config = TransportConfig(**{**server["config"].__dict__, "password": "wrong"})
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_auth", False)
    assert "STOR" not in server["handler"].commands


def test_missing_remote_folder_is_not_retryable(server):
    config = TransportConfig(**{**server["config"].__dict__, "outbound_path": "nowhere"})
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_rejected", False)
    assert server["handler"].commands.count("STOR") == 1, "one attempt, no retry by the client"


@pytest.mark.parametrize("name", ["../escape.xml", "a/b.xml", "", "..", "x\r\nDELE y"])
def test_names_with_folder_parts_are_refused_before_connecting(name):
    config = TransportConfig(protocol="ftp", host=LOCALHOST, port=closed_port(), timeout=1)
    with pytest.raises(TransportError) as caught:
        make_transport(config).send(name, DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_bad_name", False)


@pytest.mark.parametrize("protocol", ["ftp", "ftps"])
def test_refused_connection_is_retryable(protocol):
    config = TransportConfig(protocol=protocol, host=LOCALHOST, port=closed_port(), timeout=1)
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_refused", True)


@pytest.mark.parametrize("protocol", ["ftp", "ftps"])
def test_silent_server_times_out_and_is_retryable(protocol):
    with silent_server() as port:
        config = TransportConfig(protocol=protocol, host=LOCALHOST, port=port, timeout=1)
        with pytest.raises(TransportError) as caught:
            make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_timeout", True)


def test_ftps_refuses_a_certificate_it_does_not_trust(tmp_path, tls_files):
    handler_class = type("TlsHandler", (_TlsHandler,), {"certfile": str(tls_files[3])})
    home = tmp_path / "home"
    home.mkdir()
    ftp_server, thread, handler = _serve(handler_class, home)
    try:
        config = TransportConfig(
            protocol="ftps",
            host=LOCALHOST,
            port=ftp_server.address[1],
            user=USER,
            password=PASSWORD,
            timeout=5,
        )
        with pytest.raises(TransportError) as caught:
            make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    finally:
        ftp_server.close_all()
        thread.join(timeout=5)
    assert (caught.value.code, caught.value.retryable) == ("transport_tls", False)
    assert "USER" not in handler.commands and "PASS" not in handler.commands, (
        "the password never travels to a server that failed the certificate check"
    )
