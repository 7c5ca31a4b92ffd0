from odoo.tests import HttpCase, tagged

from clearhouse.testservers import closed_port

from .common import ExchangeFixturesMixin


@tagged("post_install", "-at_install")
class TestTransferProblemsTour(ExchangeFixturesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()

    def test_retry_a_failed_transfer_from_the_menu(self):
        self.nord.write(dict(self._ftp_values(closed_port()), max_attempts=1))
        self._orders([(self._customer(), [(self.mug, 1)])])
        document = self.nord._exchange_collect()
        self._send_due()
        self.assertEqual(document.state, "failed")
        self.start_tour(
            "/odoo/action-carrier_exchange.carrier_exchange_document_action_problems",
            "carrier_exchange_transfer_problems_tour",
            login="logistics_user",
        )
        self.assertEqual(document.state, "queued")
        self.assertEqual(self._send_job(document).state, "pending", "its job sends it again")

    def test_send_now_from_the_partner_form(self):
        self.nord.protocol = "email"
        self.nord.email_to = "orders@nord.example"
        picking = self._deliveries(self._orders([(self._customer(), [(self.mug, 1)])]))
        self.start_tour(
            "/odoo/action-carrier_exchange.carrier_exchange_partner_action",
            "carrier_exchange_partner_send_now_tour",
            login="logistics_manager",
        )
        self.assertEqual(picking.exchange_state, "queued")
        self.assertEqual(picking.exchange_document_id.state, "queued")
