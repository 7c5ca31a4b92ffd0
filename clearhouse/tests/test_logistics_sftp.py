"""SFTP transport against a real paramiko SFTP server on 127.0.0.1 over a temp dir."""

import io

import paramiko
import pytest
from test_logistics_support import LOCALHOST, PASSWORD, USER, closed_port, silent_server

from clearhouse.logistics.transports import TransportConfig, TransportError, make_transport
from clearhouse.testservers import sftp_server

DOCUMENT = b'<?xml version="1.0"?><delivery_orders/>'


@pytest.fixture(scope="module")
def keys():
    """Host key of the server and a key for the client, both made for this run."""
    return {"host": paramiko.RSAKey.generate(2048), "client": paramiko.RSAKey.generate(2048)}


@pytest.fixture
def server(tmp_path, keys):
    root = tmp_path / "home"
    with sftp_server(root, keys["host"], keys["client"]) as (port, log):
        host_key = f"{keys['host'].get_name()} {keys['host'].get_base64()}"
        config = TransportConfig(
            protocol="sftp",
            host=LOCALHOST,
            port=port,
            user=USER,
            password=PASSWORD,
            host_key=host_key,
            outbound_path="out",
            inbound_path="in",
            archive_path="archive",
            inbound_pattern="*.xml",
            timeout=5,
        )
        yield {"config": config, "home": root, "log": log}


def _with(config, **values):
    return TransportConfig(**{**config.__dict__, **values})


def test_send_uploads_the_document_under_its_name(server):
    receipt = make_transport(server["config"]).send("CH-DHL-1.xml", DOCUMENT)
    out = server["home"] / "out"
    assert (out / "CH-DHL-1.xml").read_bytes() == DOCUMENT
    assert sorted(p.name for p in out.iterdir()) == ["CH-DHL-1.xml"], "the .part was renamed"
    assert receipt.location.endswith("/out/CH-DHL-1.xml")
    opened = [path for name, path in server["log"] if name == "open"]
    assert opened == ["out/CH-DHL-1.xml.part"], "the document is written once"


def test_send_with_private_key_instead_of_password(server, keys):
    pem = io.StringIO()
    keys["client"].write_private_key(pem)
    config = _with(server["config"], password="", private_key=pem.getvalue())
    make_transport(config).send("CH-DHL-2.xml", DOCUMENT)
    assert (server["home"] / "out" / "CH-DHL-2.xml").read_bytes() == DOCUMENT


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
    assert (server["home"] / "archive" / "a.xml").read_bytes() == b"<a/>"
    assert transport.fetch() == [("b.xml", b"<b/>")]
    make_transport(_with(server["config"], archive_path="")).archive("b.xml")
    assert not (inbound / "b.xml").exists(), "without an archive folder the file is deleted"


def test_fetch_refuses_a_file_above_the_limit(server):
    (server["home"] / "in" / "big.xml").write_bytes(b"x" * 2048)
    with pytest.raises(TransportError) as caught:
        make_transport(_with(server["config"], max_fetch_bytes=1024)).fetch()
    assert (caught.value.code, caught.value.retryable) == ("transport_file_too_large", False)


def test_wrong_password_is_not_retryable(server):
    with pytest.raises(TransportError) as caught:
        make_transport(_with(server["config"], password="wrong")).send("X.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_auth", False)
    assert server["log"] == [], "nothing reached the files"


def test_unknown_host_key_is_refused_before_logging_in(server):
    other = paramiko.RSAKey.generate(1024)
    config = _with(server["config"], host_key=f"ssh-rsa {other.get_base64()}")
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("X.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_host_key", False)
    assert server["log"] == []


@pytest.mark.parametrize("host_key", ["", "ssh-rsa", "ssh-rsa not-base64!", "AAAA"])
def test_missing_or_garbled_host_key_is_a_configuration_error(host_key):
    config = TransportConfig(protocol="sftp", host=LOCALHOST, host_key=host_key)
    with pytest.raises(TransportError) as caught:
        make_transport(config)
    assert (caught.value.code, caught.value.retryable) == ("transport_config", False)


def test_missing_remote_folder_is_not_retryable(server):
    with pytest.raises(TransportError) as caught:
        make_transport(_with(server["config"], outbound_path="nowhere")).send("X.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_rejected", False)


def test_refused_connection_is_retryable(keys):
    config = TransportConfig(
        protocol="sftp",
        host=LOCALHOST,
        port=closed_port(),
        host_key=f"ssh-rsa {keys['host'].get_base64()}",
        timeout=1,
    )
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("X.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_refused", True)


def test_silent_server_times_out_and_is_retryable(keys):
    with silent_server() as port:
        config = TransportConfig(
            protocol="sftp",
            host=LOCALHOST,
            port=port,
            user=USER,
            password=PASSWORD,
            host_key=f"ssh-rsa {keys['host'].get_base64()}",
            timeout=1,
        )
        with pytest.raises(TransportError) as caught:
            make_transport(config).send("X.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_timeout", True)
