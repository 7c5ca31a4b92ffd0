import os
import tempfile
from datetime import timedelta
from unittest.mock import patch

import paramiko

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.clearhouse_job.tests.common import run_jobs
from odoo.addons.queue_job.tests.common import trap_jobs

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
            sent = self._send_due()
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
            documents = self._fetch(self.nord)
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
            sent = self._send_due()
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
        before = fields.Datetime.now()
        sent = self._send_due()
        self.assertFalse(sent)
        job = self._send_job(document)
        self.assertEqual(document.state, "queued", "a retryable failure waits for its retry")
        self.assertEqual((job.state, job.retry), ("pending", 1))
        self.assertIn("refused", job.result.lower())
        # The core's backoff for the first retry: 15 to 30 seconds (base 30, jitter 0.5).
        self.assertGreaterEqual(job.eta, before + timedelta(seconds=15))
        self.assertLessEqual(job.eta, fields.Datetime.now() + timedelta(seconds=31))
        self.assertEqual(set(deliveries.mapped("exchange_state")), {"queued"}, "nothing lost")
        # Not due yet: a second run does not touch it.
        self._send_due()
        self.assertEqual(self._send_job(document).retry, 1)
        # The server is back; the retry is due: sent once.
        with ftp_server(self.home) as (port, commands):
            self.nord.port = port
            self._make_due(document)
            self._send_due()
            self._send_due()
        self.assertEqual(document.state, "sent")
        self.assertEqual(document.attempts, 2)
        self.assertEqual(self._send_job(document).state, "done")
        self.assertEqual(len([c for c, _a in commands if c == "STOR"]), 1, "sent exactly once")
        self.assertEqual(set(deliveries.mapped("exchange_state")), {"sent"})

    def test_silent_server_times_out_and_gives_up_after_max_attempts(self):
        self._ready(1)
        with silent_server() as port:
            self.nord.write(dict(self._ftp_values(port), timeout=1, max_attempts=2))
            document = self.nord._exchange_collect()
            self._send_due()
            self.assertEqual(document.state, "queued")
            self.assertEqual(self._send_job(document).retry, 1)
            self._make_due(document)
            self._send_due()
        self.assertEqual((document.state, document.attempts), ("failed", 2))
        self.assertEqual(self._send_job(document).state, "done", "the job gave up, no retry")
        action = self.env.ref("carrier_exchange.carrier_exchange_document_action_problems")
        problems = self.env["carrier.exchange.document"].search(safe_eval(action.domain))
        self.assertIn(document, problems, "visible under Transfer Problems")
        document.with_user(self.user).action_retry()
        self.assertEqual(document.state, "queued")
        self.assertEqual(self._send_job(document).state, "pending", "a new job sends it")

    def test_wrong_password_is_not_retried_automatically(self):
        self._ready(1)
        with sftp_server(self.home, self.host_key) as (port, _log):
            self.nord.write(
                dict(self._sftp_values(port, self.host_key), password="wrong", user_id=self.user.id)
            )
            document = self.nord._exchange_collect()
            self._send_due()
        self.assertEqual(document.state, "failed")
        self.assertEqual(document.attempts, 1, "authentication errors need a person")
        self.assertFalse(
            self.env["queue.job"].search(
                [("identity_key", "=", document._job_identity("send")), ("state", "=", "pending")]
            ),
            "no retry is planned",
        )
        self.assertEqual(document.activity_ids.user_id, self.user, "a to-do for the responsible")

    def _run_exchange(self):
        """The schedule, then the jobs it queued (sends, then fetches)."""
        self.env["carrier.exchange.partner"]._cron_run_exchange()
        self._send_due()
        run_jobs(self.env, "carrier.exchange.partner", "_exchange_fetch_job")
        run_jobs(self.env, "carrier.exchange.partner", "_exchange_archive_job")

    def test_cron_sends_due_partners_and_fetches_their_confirmations(self):
        deliveries = self._ready(2)
        with sftp_server(self.home, self.host_key) as (port, _log):
            self.nord.write(self._sftp_values(port, self.host_key))
            (self.bulk | self.intl).write({"next_run": fields.Datetime.now() + timedelta(hours=1)})
            self.nord.next_run = fields.Datetime.now() - timedelta(minutes=1)
            self._run_exchange()
            self.assertEqual(set(deliveries.mapped("exchange_state")), {"sent"})
            self.assertGreater(self.nord.next_run, fields.Datetime.now(), "next run planned")
            rows = [(p.name, "delivered", [], "") for p in deliveries]
            with open(os.path.join(self.home, "in", "conf-2.xml"), "wb") as handle:
                handle.write(self._confirmation_xml(rows))
            # Not due yet: nothing fetched; "Fetch Confirmations" queues a fetch job.
            self._run_exchange()
            self.assertEqual(set(deliveries.mapped("exchange_state")), {"sent"})
            self.nord.with_user(self.user).action_fetch_now()
            self._run_exchange()
        jobs = self.env["queue.job"].search([("model_name", "=", "carrier.exchange.partner")])
        self.assertEqual(
            set(deliveries.mapped("exchange_state")),
            {"delivered"},
            jobs.read(["method_name", "state", "result", "exc_message"]),
        )
        self.assertEqual(os.listdir(os.path.join(self.home, "archive")), ["conf-2.xml"])
        self.assertEqual(set(deliveries.mapped("state")), {"done"})

    def test_each_document_and_fetch_is_queued_once(self):
        self._ready(1)
        self.nord.write(self._ftp_values(closed_port()))
        with trap_jobs() as trap:
            document = self.nord._exchange_collect()
            document._exchange_enqueue_send()
            (document | document)._exchange_enqueue_send()
            self.nord.with_user(self.user).action_fetch_now()
            self.nord.with_user(self.user).action_fetch_now()
        trap.assert_jobs_count(1, only=document._exchange_send_job)
        trap.assert_jobs_count(1, only=self.nord._exchange_fetch_job)
        self.assertEqual(
            [job.channel for job in trap.enqueued_jobs],
            ["root.clearhouse.carrier.NORD"] * 2,
            "in the partner's own channel",
        )
        self.assertEqual(trap.enqueued_jobs[0].max_retries, self.nord.max_attempts)

    def test_partner_channel_carries_its_capacity(self):
        channel = self.nord.job_channel_id
        self.assertEqual(channel.complete_name, "root.clearhouse.carrier.NORD")
        self.assertEqual(channel.capacity, 1)
        self.nord.job_capacity = 3
        self.assertEqual(channel.capacity, 3)

    def test_failed_for_good_calls_the_hook_once(self):
        self._ready(1)
        self.nord.write(dict(self._ftp_values(closed_port()), max_attempts=2))
        document = self.nord._exchange_collect()
        model = type(self.env["carrier.exchange.document"])
        with patch.object(model, "_exchange_failed_for_good", autospec=True) as hook:
            self._send_due()
            self.assertFalse(hook.called, "a retryable failure with tries left is no final one")
            self._make_due(document)
            self._send_due()
        self.assertEqual(hook.call_count, 1)
        self.assertEqual(hook.call_args.args[0], document)
        self.assertEqual((document.state, document.attempts), ("failed", 2))

    def test_crashed_send_job_marks_the_document_failed(self):
        self._ready(1)
        self.nord.write(self._ftp_values(closed_port()))
        document = self.nord._exchange_collect()
        function = self.env["queue.job.function"].search([("method", "=", "_exchange_send_job")])
        self.assertEqual(function.on_fail_method, "_exchange_send_job_failed")
        model = type(self.env["carrier.exchange.document"])
        with patch.object(model, "_exchange_failed_for_good", autospec=True) as hook:
            document._exchange_send_job_failed(exc_name="KeyError", exc_message="'lines'")
        self.assertEqual((document.state, document.last_error), ("failed", "'lines'"))
        self.assertEqual(hook.call_count, 1)
        self.assertIn(
            document,
            self.env["carrier.exchange.document"].search(
                [("state", "in", ("failed", "rejected", "partial"))]
            ),
        )
