import os
import tempfile
from datetime import timedelta

import paramiko

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from clearhouse.testservers import closed_port, ftp_server, sftp_server, silent_server

from .common import ExchangeFixturesMixin


@tagged("post_install", "-at_install")
class TestTransports(ExchangeFixturesMixin, TransactionCase):
    """Documents travel to real FTP and SFTP servers on 127.0.0.1 and back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()
        cls.host_key = paramiko.RSAKey.generate(2048)

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="carrier-exchange-")

    def _ready(self, count=3, product=None):
        specs = [(self._customer(), [(product or self.mug, 1)]) for _i in range(count)]
        return self._deliveries(self._orders(specs))

    def test_sftp_send_then_fetch_confirmations(self):
        deliveries = self._ready(3)
        with sftp_server(self.home, self.host_key) as (port, _log):
            self.nord.write(self._sftp_values(port, self.host_key))
            self.nord._exchange_collect()
            sent = self.env["carrier.exchange.document"]._send_due()
            self.assertEqual(len(sent), 1)
            uploaded = os.listdir(os.path.join(self.home, "out"))
            self.assertEqual(uploaded, [sent.file_name])
            with open(os.path.join(self.home, "out", sent.file_name), "rb") as handle:
                self.assertEqual(handle.read(), sent.attachment_id.raw, "sent as stored")
            self.assertEqual(set(deliveries.mapped("exchange_state")), {"sent"})
            # The partner answers with a confirmation file in its outbox.
            rows = [(p.name, "shipped", [f"TRK{p.id}"], "DHL") for p in deliveries]
            with open(os.path.join(self.home, "in", "conf-1.xml"), "wb") as handle:
                handle.write(self._confirmation_xml(rows))
            documents = self.nord._exchange_fetch()
        self.assertEqual(documents.state, "done", documents.issue_ids.mapped("message"))
        self.assertEqual(os.listdir(os.path.join(self.home, "archive")), ["conf-1.xml"])
        self.assertEqual(os.listdir(os.path.join(self.home, "in")), [])
        for picking in deliveries:
            self.assertEqual(picking.state, "done")
            self.assertEqual(picking.carrier_tracking_ref, f"TRK{picking.id}")
            self.assertEqual(picking.carrier_id, self.carrier_dhl)
        self.assertEqual(sent.state, "acknowledged")

    def test_ftp_send_csv_profile(self):
        deliveries = self._ready(2, product=self.chair)
        self.assertEqual(deliveries.exchange_partner_id, self.bulk)
        with ftp_server(self.home) as (port, commands):
            self.bulk.write(dict(self._ftp_values(port), attach_delivery_note=True))
            self.bulk._exchange_collect()
            sent = self.env["carrier.exchange.document"]._send_due()
        self.assertEqual(sent.state, "sent")
        self.assertTrue(sent.file_name.endswith(".csv"))
        self.assertEqual(sent.delivery_note_id.name, f"{sent.name}.pdf")
        stores = [arg.rsplit("/", 1)[-1] for cmd, arg in commands if cmd == "STOR"]
        self.assertEqual(
            [s.removesuffix(".part") for s in stores],
            [sent.file_name, sent.delivery_note_id.name],
            "the document and its delivery notes, each uploaded once",
        )
        content = sent.attachment_id.raw.decode()
        for picking in deliveries:
            self.assertIn(picking.name, content)

    def test_refused_connection_fails_and_is_retried_later(self):
        deliveries = self._ready(2)
        self.nord.write(self._ftp_values(closed_port()))
        self.nord.protocol = "ftp"
        document = self.nord._exchange_collect()
        sent = self.env["carrier.exchange.document"]._send_due()
        self.assertFalse(sent)
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.attempts, 1)
        self.assertTrue(document.last_error)
        self.assertGreater(document.next_try, fields.Datetime.now(), "retried later, not now")
        self.assertEqual(set(deliveries.mapped("exchange_state")), {"queued"}, "nothing lost")
        action = self.env.ref("carrier_exchange.carrier_exchange_document_action_problems")
        problems = self.env["carrier.exchange.document"].search(safe_eval(action.domain))
        self.assertIn(document, problems, "visible under Transfer Problems")
        # Not due yet: a second run does not touch it.
        self.env["carrier.exchange.document"]._send_due()
        self.assertEqual(document.attempts, 1)
        # The server is back; the retry is due: sent once.
        with ftp_server(self.home) as (port, commands):
            self.nord.port = port
            document.next_try = fields.Datetime.now() - timedelta(seconds=1)
            self.env["carrier.exchange.document"]._send_due()
            self.env["carrier.exchange.document"]._send_due()
        self.assertEqual(document.state, "sent")
        self.assertEqual(document.attempts, 2)
        self.assertEqual(len([c for c, _a in commands if c == "STOR"]), 1, "sent exactly once")
        self.assertEqual(set(deliveries.mapped("exchange_state")), {"sent"})

    def test_silent_server_times_out_and_gives_up_after_max_attempts(self):
        self._ready(1)
        with silent_server() as port:
            self.nord.write(dict(self._ftp_values(port), timeout=1, max_attempts=2))
            document = self.nord._exchange_collect()
            self.env["carrier.exchange.document"]._send_due()
            self.assertEqual((document.state, document.attempts), ("failed", 1))
            self.assertTrue(document.next_try)
            document.next_try = fields.Datetime.now() - timedelta(seconds=1)
            self.env["carrier.exchange.document"]._send_due()
        self.assertEqual((document.state, document.attempts), ("failed", 2))
        self.assertFalse(document.next_try, "after max attempts it waits for a person")
        document.with_user(self.user).action_retry()
        self.assertEqual(document.state, "queued")

    def test_wrong_password_is_not_retried_automatically(self):
        self._ready(1)
        with sftp_server(self.home, self.host_key) as (port, _log):
            self.nord.write(
                dict(self._sftp_values(port, self.host_key), password="wrong", user_id=self.user.id)
            )
            document = self.nord._exchange_collect()
            self.env["carrier.exchange.document"]._send_due()
        self.assertEqual(document.state, "failed")
        self.assertFalse(document.next_try, "authentication errors need a person")
        self.assertEqual(document.activity_ids.user_id, self.user, "a to-do for the responsible")

    def test_cron_sends_due_partners_and_fetches_their_confirmations(self):
        deliveries = self._ready(2)
        with sftp_server(self.home, self.host_key) as (port, _log):
            self.nord.write(self._sftp_values(port, self.host_key))
            (self.bulk | self.intl).write({"next_run": fields.Datetime.now() + timedelta(hours=1)})
            self.nord.next_run = fields.Datetime.now() - timedelta(minutes=1)
            self.env["carrier.exchange.partner"]._cron_run_exchange()
            self.assertEqual(set(deliveries.mapped("exchange_state")), {"sent"})
            self.assertGreater(self.nord.next_run, fields.Datetime.now(), "next run planned")
            rows = [(p.name, "delivered", [], "") for p in deliveries]
            with open(os.path.join(self.home, "in", "conf-2.xml"), "wb") as handle:
                handle.write(self._confirmation_xml(rows))
            # Not due yet: nothing fetched; "Fetch Confirmations" makes it due now.
            self.env["carrier.exchange.partner"]._cron_run_exchange()
            self.assertEqual(set(deliveries.mapped("exchange_state")), {"sent"})
            self.nord.with_user(self.user).action_fetch_now()
            self.env["carrier.exchange.partner"]._cron_run_exchange()
        self.assertEqual(set(deliveries.mapped("exchange_state")), {"delivered"})
        self.assertEqual(set(deliveries.mapped("state")), {"done"})
