import os
import tempfile

import paramiko

from odoo.tests import TransactionCase, tagged

from clearhouse.testservers import ftp_server, sftp_server

from .common import ExchangeFixturesMixin

ORDERS = 500


@tagged("post_install", "-at_install")
class TestRoundTrip(ExchangeFixturesMixin, TransactionCase):
    """500 confirmed orders go to two partners and come back shipped with tracking."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_exchange_fixtures()

    def test_round_trip_500_orders_two_partners(self):
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"Customer {i}",
                    "street": f"Lindenweg {i + 1}",
                    "zip": "20095",
                    "city": "Hamburg",
                    "country_id": self.countries["DE"].id,
                }
                for i in range(ORDERS)
            ]
        )
        # Every other order also holds a deck chair: split into NORD and BULK deliveries.
        specs = [
            (c, [(self.mug, 1)] + ([(self.chair, 1)] if i % 2 else []))
            for i, c in enumerate(customers)
        ]
        orders = self._orders(specs)
        deliveries = self._deliveries(orders)
        self.assertEqual(len(deliveries), ORDERS + ORDERS // 2)
        self.assertEqual(set(deliveries.mapped("exchange_state")), {"ready"})
        home_nord, home_bulk = tempfile.mkdtemp(), tempfile.mkdtemp()
        host_key = paramiko.RSAKey.generate(2048)
        with (
            sftp_server(home_nord, host_key) as (sftp_port, _log),
            ftp_server(home_bulk) as (
                ftp_port,
                _commands,
            ),
        ):
            self.nord.write(self._sftp_values(sftp_port, host_key))
            self.bulk.write(self._ftp_values(ftp_port))
            documents = (self.nord | self.bulk)._exchange_collect()
            self.assertEqual(len(documents), 2, "one document per partner and run")
            self._send_due()
            self.assertEqual(set(documents.mapped("state")), {"sent"})
            # Each partner answers with a confirmation file naming every delivery it got.
            for partner, home in ((self.nord, home_nord), (self.bulk, home_bulk)):
                mine = deliveries.filtered(
                    lambda p, partner=partner: p.exchange_partner_id == partner
                )
                if partner.file_format == "csv":
                    rows = ["reference;status;timestamp;carrier;tracking_numbers"] + [
                        f"{p.name};shipped;2026-11-20T08:00:00Z;DHL;{partner.code}{p.id}"
                        for p in mine
                    ]
                    data, name = "\n".join(rows).encode(), "confirmations.csv"
                else:
                    rows = [(p.name, "shipped", [f"{partner.code}{p.id}"], "DHL") for p in mine]
                    data, name = self._confirmation_xml(rows), "confirmations.xml"
                with open(os.path.join(home, "in", name), "wb") as handle:
                    handle.write(data)
            inbound = self._fetch(self.nord) | self._fetch(self.bulk)
        self.assertEqual(
            inbound.mapped("state"), ["done", "done"], inbound.issue_ids.mapped("message")
        )
        self.assertEqual(sum(inbound.mapped("applied_count")), len(deliveries))
        self.assertEqual(set(deliveries.mapped("state")), {"done"})
        for picking in deliveries:
            expected = f"{picking.exchange_partner_id.code}{picking.id}"
            self.assertEqual(picking.carrier_tracking_ref, expected)
            self.assertEqual(
                picking.exchange_event_ids.sorted("id").mapped("status"), ["sent", "shipped"]
            )
        self.assertEqual(set(documents.mapped("state")), {"acknowledged"})
