"""HTTPS and SOAP transports against a real TLS server on 127.0.0.1.

One ``http.server`` in a thread plays the partner: it checks the token and the HMAC
signature with the standard library (not with the code under test), answers
500/401/429/422/302 or not at all depending on the path, serves a WSDL and answers
SOAP calls with fixed envelopes. It records every request, so the tests can tell
that the client never sent a document twice.
"""

import base64
import hashlib
import hmac
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree
from test_logistics_support import (
    HMAC_SECRET,
    LOCALHOST,
    TOKEN,
    closed_port,
    make_tls_files,
    silent_server,
    start_thread,
)

from clearhouse.logistics.transports import TransportConfig, TransportError, make_transport

DATA = Path(__file__).parent / "data" / "logistics"
DOCUMENT = '<?xml version="1.0"?><delivery_orders>Müller</delivery_orders>'.encode()
WSDL_ADDRESS = "https://carrier.invalid/soap"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


class _Partner(BaseHTTPRequestHandler):
    """The partner's endpoints; ``server.requests`` records (method, path, headers, body)."""

    protocol_version = "HTTP/1.1"

    def setup(self):
        self.request.do_handshake()  # in this thread, not in the accept loop
        return super().setup()

    def log_message(self, *args):
        """Quiet: the tests read ``server.requests`` instead."""

    def _answer(self, status, body=b"", content_type="text/plain", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/carrier.wsdl":
            self._answer(200, self.server.wsdl, "text/xml")
        elif self.path == "/broken.wsdl":
            self._answer(200, b"<definitions><unclosed>", "text/xml")
        else:
            self._answer(404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append(("POST", self.path, dict(self.headers), body))
        if self.path == "/soap":
            return self._soap(body)
        if self.path == "/slow":
            self.server.release.wait(5)
            return self._answer(200)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._answer(401, b"unknown token")
        expected = "sha256=" + hmac.new(HMAC_SECRET.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(self.headers.get("X-Clearhouse-Signature", ""), expected):
            return self._answer(401, b"bad signature")
        if self.path == "/fail":
            return self._answer(500, b"database on fire")
        if self.path == "/busy":
            return self._answer(429, b"slow down", headers=[("Retry-After", "120")])
        if self.path == "/invalid":
            return self._answer(422, b'{"error": "unknown recipient country"}')
        if self.path == "/moved":
            return self._answer(302, headers=[("Location", "https://elsewhere.invalid/")])
        self._answer(201, json.dumps({"id": "P-4711"}).encode(), "application/json")

    def _soap(self, body):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        envelope = etree.fromstring(body, parser)
        name = envelope.findtext(".//{urn:test:carrier}documentName")
        content = envelope.findtext(".//{urn:test:carrier}content")
        self.server.soap_calls.append(
            (self.headers.get("SOAPAction"), name, base64.b64decode(content or ""))
        )
        if name.startswith("FAULT"):
            return self._answer(500, (DATA / "soap_fault.xml").read_bytes(), "text/xml")
        if name.startswith("DOWN"):
            return self._answer(503, b"Service Unavailable")
        if name.startswith("MAINTENANCE"):  # an error page that parses as XML
            return self._answer(503, b"<html><body>Maintenance</body></html>", "text/html")
        self._answer(200, (DATA / "soap_response.xml").read_bytes(), "text/xml")


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def partner(tls_files):
    _ca, cert, key, _combined = tls_files
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer((LOCALHOST, 0), _Partner)
    server.daemon_threads = True
    server.socket = context.wrap_socket(
        server.socket, server_side=True, do_handshake_on_connect=False
    )
    server.handle_error = lambda request, address: None  # refused handshakes are expected
    base = f"https://{LOCALHOST}:{server.server_address[1]}"
    server.requests, server.soap_calls = [], []
    server.release = threading.Event()
    server.wsdl = (
        (DATA / "carrier.wsdl").read_bytes().replace(WSDL_ADDRESS.encode(), f"{base}/soap".encode())
    )
    thread = start_thread(lambda: server.serve_forever(poll_interval=0.05), "partner")
    yield {"server": server, "base": base, "ca": str(tls_files[0])}
    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _https(partner, path="/documents", **values):
    settings = {
        "protocol": "https",
        "url": f"{partner['base']}{path}",
        "token": TOKEN,
        "hmac_secret": HMAC_SECRET,
        "ca_bundle": partner["ca"],
        "timeout": 5,
    }
    return TransportConfig(**{**settings, **values})


def _posts(partner):
    return [request for request in partner["server"].requests if request[0] == "POST"]


# HTTPS ----------------------------------------------------------------------------------


def test_https_send_posts_the_document_with_token_and_signature(partner):
    receipt = make_transport(_https(partner)).send("CH-DHL-1.xml", DOCUMENT)
    (request,) = _posts(partner)
    _method, path, headers, body = request
    assert (path, body) == ("/documents", DOCUMENT)
    assert headers["Content-Type"] == "application/xml"
    assert headers["Idempotency-Key"] == "CH-DHL-1.xml"
    assert receipt.reference == "P-4711", "the partner's id from its JSON answer"
    assert receipt.sha256 == hashlib.sha256(DOCUMENT).hexdigest()


@pytest.mark.parametrize(
    ("path", "values", "code", "retryable"),
    [
        ("/fail", {}, "transport_unavailable", True),
        ("/busy", {}, "transport_throttled", True),
        ("/documents", {"token": "wrong-token"}, "transport_auth", False),
        ("/documents", {"hmac_secret": "wrong-secret"}, "transport_auth", False),
        ("/invalid", {}, "transport_rejected", False),
        ("/moved", {}, "transport_redirect", False),
    ],
)
def test_https_error_answers_map_to_retryable_or_not(partner, path, values, code, retryable):
    with pytest.raises(TransportError) as caught:
        make_transport(_https(partner, path, **values)).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == (code, retryable), str(caught.value)
    assert len(_posts(partner)) == 1, "the client sent the document once and did not retry"


def test_https_throttling_passes_retry_after_on(partner):
    with pytest.raises(TransportError) as caught:
        make_transport(_https(partner, "/busy")).send("CH-DHL-1.xml", DOCUMENT)
    assert caught.value.params["retry_after"] == 120


def test_https_slow_answer_times_out_once(partner):
    with pytest.raises(TransportError) as caught:
        make_transport(_https(partner, "/slow", timeout=1)).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_timeout", True)
    assert len(_posts(partner)) == 1, "a timed-out POST is not sent again by the client"


def test_https_verifies_certificates_by_default(partner):
    config = _https(partner, ca_bundle="")
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_tls", False)
    assert _posts(partner) == [], "nothing was sent to a server that failed the check"


def test_https_refused_connection_is_retryable():
    config = TransportConfig(protocol="https", url=f"https://{LOCALHOST}:{closed_port()}/x")
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_refused", True)


def test_https_silent_server_times_out_and_is_retryable():
    with silent_server() as port:
        config = TransportConfig(protocol="https", url=f"https://{LOCALHOST}:{port}/", timeout=1)
        with pytest.raises(TransportError) as caught:
            make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_timeout", True)


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "ftp://127.0.0.1/x", "", "https://"])
def test_https_needs_an_https_address(url):
    with pytest.raises(TransportError) as caught:
        make_transport(TransportConfig(protocol="https", url=url))
    assert (caught.value.code, caught.value.retryable) == ("transport_config", False)


# SOAP -----------------------------------------------------------------------------------


def _soap(partner, **values):
    settings = {
        "protocol": "soap",
        "wsdl": f"{partner['base']}/carrier.wsdl",
        "soap_operation": "SubmitDocument",
        "ca_bundle": partner["ca"],
        "timeout": 5,
    }
    return TransportConfig(**{**settings, **values})


def test_soap_send_calls_the_operation_with_the_document(partner):
    receipt = make_transport(_soap(partner)).send("CH-DHL-1.xml", DOCUMENT)
    assert partner["server"].soap_calls == [
        ('"urn:test:carrier#SubmitDocument"', "CH-DHL-1.xml", DOCUMENT)
    ]
    assert receipt.reference == "RCPT-000042"


def test_soap_wsdl_from_a_file_with_the_address_overridden(partner, tmp_path):
    wsdl = tmp_path / "carrier.wsdl"
    wsdl.write_bytes((DATA / "carrier.wsdl").read_bytes())
    config = _soap(partner, wsdl=str(wsdl), url=f"{partner['base']}/soap")
    receipt = make_transport(config).send("CH-DHL-2.xml", DOCUMENT)
    assert receipt.reference == "RCPT-000042"
    assert [call[1] for call in partner["server"].soap_calls] == ["CH-DHL-2.xml"]


@pytest.mark.parametrize(
    ("name", "code", "retryable"),
    [
        ("FAULT-1.xml", "transport_fault", False),
        ("DOWN-1.xml", "transport_unavailable", True),
        ("MAINTENANCE-1.xml", "transport_unavailable", True),
    ],
)
def test_soap_fault_and_unavailable_service(partner, name, code, retryable):
    with pytest.raises(TransportError) as caught:
        make_transport(_soap(partner)).send(name, DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == (code, retryable), str(caught.value)
    assert len(partner["server"].soap_calls) == 1, "the call was made once"


def test_soap_fault_keeps_the_partners_message(partner):
    with pytest.raises(TransportError) as caught:
        make_transport(_soap(partner)).send("FAULT-2.xml", DOCUMENT)
    assert caught.value.params["fault"] == "Document rejected: unknown sender"


@pytest.mark.parametrize(
    "values",
    [{"soap_operation": "NoSuchOperation"}, {"soap_content_param": "payload"}],
    ids=["unknown operation", "unknown parameter"],
)
def test_soap_call_that_does_not_fit_the_wsdl_is_not_retryable(partner, values):
    with pytest.raises(TransportError) as caught:
        make_transport(_soap(partner, **values)).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_wsdl", False)
    assert partner["server"].soap_calls == []


def test_soap_refuses_a_wsdl_that_sends_to_plain_http(partner, tmp_path):
    wsdl = tmp_path / "carrier.wsdl"
    wsdl.write_bytes(
        (DATA / "carrier.wsdl")
        .read_bytes()
        .replace(b"https://carrier.invalid", b"http://127.0.0.1")
    )
    with pytest.raises(TransportError) as caught:
        make_transport(_soap(partner, wsdl=str(wsdl))).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_config", False)


def test_soap_broken_wsdl_is_not_retryable(partner):
    config = _soap(partner, wsdl=f"{partner['base']}/broken.wsdl")
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_wsdl", False)


def test_soap_refused_and_silent_endpoints_are_retryable():
    wsdl = str(DATA / "carrier.wsdl")
    config = TransportConfig(
        protocol="soap",
        wsdl=wsdl,
        url=f"https://{LOCALHOST}:{closed_port()}/soap",
        soap_operation="SubmitDocument",
        timeout=1,
    )
    with pytest.raises(TransportError) as caught:
        make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_refused", True)
    with silent_server() as port:
        config = TransportConfig(**{**config.__dict__, "url": f"https://{LOCALHOST}:{port}/soap"})
        with pytest.raises(TransportError) as caught:
            make_transport(config).send("CH-DHL-1.xml", DOCUMENT)
    assert (caught.value.code, caught.value.retryable) == ("transport_timeout", True)


@pytest.mark.parametrize(
    "values",
    [
        {"wsdl": "http://127.0.0.1/carrier.wsdl"},
        {"wsdl": ""},
        {"soap_operation": ""},
        {"url": "http://127.0.0.1/soap"},
    ],
)
def test_soap_configuration_errors(values):
    settings = {"protocol": "soap", "wsdl": str(DATA / "carrier.wsdl"), "soap_operation": "X"}
    with pytest.raises(TransportError) as caught:
        make_transport(TransportConfig(**{**settings, **values}))
    assert (caught.value.code, caught.value.retryable) == ("transport_config", False)
