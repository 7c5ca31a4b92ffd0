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
        self.env["carrier.exchange.document"]._send_due()
        self.assertEqual(document.state, "failed")
        self.start_tour(
            "/odoo/action-carrier_exchange.carrier_exchange_document_action_problems",
            "carrier_exchange_transfer_problems_tour",
            login="logistics_user",
        )
        self.assertEqual(document.state, "queued")
        self.assertTrue(document.next_try)
