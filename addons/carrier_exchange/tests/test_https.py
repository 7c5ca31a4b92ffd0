import hashlib
import hmac
import json
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from clearhouse.testservers import LOCALHOST, make_tls_files

from .common import ExchangeFixturesMixin

TOKEN = "test-token-not-secret"
SECRET = "test-hmac-secret-not-real"


class _Partner(BaseHTTPRequestHandler):
    """The partner's HTTPS endpoint: checks token and signature with the standard
    library, answers 503 while ``server.down`` is set, records every POST."""

    def log_message(self, *args):
        """Quiet: the test reads ``server.posts``."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posts.append((dict(self.headers), body))
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        if self.server.down:
            status, answer = 503, b"maintenance"
        elif self.headers.get("Authorization") != f"Bearer {TOKEN}":
            status, answer = 401, b"unknown token"
        elif not hmac.compare_digest(self.headers.get("X-Clearhouse-Signature", ""), expected):
            status, answer = 401, b"bad signature"
        else:
            status, answer = 201, json.dumps({"id": "P-4711"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


@tagged("post_install", "-at_install")
class TestHttpsTransport(ExchangeFixturesMixin, TransactionCase):
    """Documents posted to a real TLS server on 127.0.0.1 with token and signature."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()
        ca_file, cert_file, key_file, _combined = make_tls_files(Path(tempfile.mkdtemp()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        server = ThreadingHTTPServer((LOCALHOST, 0), _Partner)
        server.daemon_threads = True
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.posts, server.down = [], False
        cls.server = server
        cls.thread = threading.Thread(target=lambda: server.serve_forever(0.05), daemon=True)
        cls.thread.start()
        cls.addClassCleanup(cls._stop)
        cls.nord.write(
            {
                "protocol": "https",
                "url": f"https://{LOCALHOST}:{server.server_address[1]}/documents",
                "token": TOKEN,
                "hmac_secret": SECRET,
                "ca_bundle": ca_file,
                "timeout": 5,
            }
        )

    @classmethod
    def _stop(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join(timeout=5)

    def test_document_is_posted_with_token_and_signature(self):
        self.server.posts.clear()
        self.server.down = False
        self._orders([(self._customer(), [(self.mug, 1)])])
        document = self.nord._exchange_collect()
        self._send_due()
        self.assertEqual(document.state, "sent", document.last_error)
        self.assertEqual(document.receipt_reference, "P-4711")
        headers, body = self.server.posts[0]
        self.assertEqual(body, document.attachment_id.raw)
        self.assertEqual(headers["Idempotency-Key"], document.file_name)

    def test_unavailable_partner_leaves_the_document_failed_for_a_retry(self):
        self.server.posts.clear()
        self.server.down = True
        picking = self._deliveries(self._orders([(self._customer(), [(self.mug, 1)])]))
        document = self.nord._exchange_collect()
        self._send_due()
        job = self._send_job(document)
        self.assertEqual(document.state, "queued")
        self.assertEqual((job.state, job.retry), ("pending", 1), "503 is retried automatically")
        self.assertIn("503", job.result)
        self.assertEqual(picking.exchange_state, "queued")
