import base64
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.clearhouse_job.tests.common import run_jobs

from clearhouse.testservers import LOCALHOST, PASSWORD, USER


class ExchangeFixturesMixin:
    """Products with weights and sizes, three logistics partners and their rules.

    NORD ships small parcels in DE/AT (and to Packstations), BULK ships furniture in
    DE/AT, INTL ships everything up to 20 kg to FR and NL.
    """

    @classmethod
    def _send_due(cls):
        """Run the due send jobs as queue_job's runner does; the documents sent."""
        jobs = run_jobs(cls.env, "carrier.exchange.document", "_exchange_send_job")
        sent = cls.env["carrier.exchange.document"]
        for job in jobs.filtered(lambda job: job.result == "sent"):
            sent |= job.records
        return sent

    def _fetch(self, partner):
        """Fetch ``partner``'s confirmation files, then run the archive job it queued."""
        documents = partner._exchange_fetch()
        run_jobs(self.env, "carrier.exchange.partner", "_exchange_archive_job")
        return documents

    def _send_job(self, document):
        """The newest send job of ``document``."""
        return self.env["queue.job"].search(
            [("identity_key", "=", document._job_identity("send"))], order="id desc", limit=1
        )

    def _make_due(self, document):
        """The waiting retry of ``document`` is due now (its eta passed)."""
        self._send_job(document).eta = fields.Datetime.now() - timedelta(seconds=1)

    @classmethod
    def _setup_exchange_fixtures(cls):
        env = cls.env
        cls.company = env.company
        hold_fields = [f for f in cls.company._fields if f.startswith("clearing_hold_")]
        cls.company.write(dict.fromkeys(hold_fields, False))
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        category = env["product.category"]
        cls.categ_goods = category.create({"name": "Premiums"})
        cls.categ_furniture = category.create(
            {"name": "Furniture", "parent_id": cls.categ_goods.id}
        )
        cls.categ_garden = category.create({"name": "Garden", "parent_id": cls.categ_furniture.id})
        product = env["product.product"]
        common = {"is_storable": True, "list_price": 10.0}
        cls.mug = product.create(
            dict(
                common,
                name="Mug",
                default_code="MUG",
                weight=0.4,
                categ_id=cls.categ_goods.id,
                carrier_length_cm=12,
                carrier_width_cm=10,
                carrier_height_cm=10,
            )
        )
        cls.poster = product.create(
            dict(
                common,
                name="Poster Tube",
                default_code="TUBE",
                weight=0.5,
                categ_id=cls.categ_goods.id,
                carrier_length_cm=90,
                carrier_width_cm=8,
                carrier_height_cm=8,
            )
        )
        cls.chair = product.create(
            dict(
                common,
                name="Deck Chair",
                default_code="CHAIR",
                weight=12.0,
                categ_id=cls.categ_garden.id,
                carrier_length_cm=110,
                carrier_width_cm=60,
                carrier_height_cm=15,
            )
        )
        for item in cls.mug | cls.poster | cls.chair:
            env["stock.quant"]._update_available_quantity(item, cls.warehouse.lot_stock_id, 100000)
        cls.carrier_dhl = env["delivery.carrier"].create(
            {
                "name": "DHL",
                "product_id": env["product.product"]
                .create({"name": "DHL shipping", "type": "service"})
                .id,
                "tracking_url": "https://track.example/dhl?id=<shipmenttrackingnumber>",
            }
        )
        partner_model = env["carrier.exchange.partner"]
        base = {"company_id": cls.company.id, "protocol": "sftp", "interval_minutes": 60}
        cls.nord = partner_model.create(
            dict(
                base,
                name="Fulfilment Nord",
                code="NORD",
                packstation=True,
                carrier_ids=[Command.set(cls.carrier_dhl.ids)],
            )
        )
        cls.bulk = partner_model.create(
            dict(base, name="Bulky Goods", code="BULK", file_format="csv")
        )
        cls.intl = partner_model.create(dict(base, name="International", code="INTL"))
        country = env["res.country"]
        de, at = env.ref("base.de"), env.ref("base.at")
        fr, nl = env.ref("base.fr"), env.ref("base.nl")
        rule = env["carrier.routing.rule"]
        rule.search([("company_id", "=", cls.company.id)]).unlink()
        cls.rule_small = rule.create(
            {
                "name": "Small parcels DACH",
                "sequence": 10,
                "exchange_partner_id": cls.nord.id,
                "country_ids": [Command.set((de | at).ids)],
                "fits_packstation": True,
                "max_weight": 31.5,
            }
        )
        cls.rule_bulky = rule.create(
            {
                "name": "Furniture DACH",
                "sequence": 20,
                "exchange_partner_id": cls.bulk.id,
                "country_ids": [Command.set((de | at).ids)],
                "categ_ids": [Command.set(cls.categ_furniture.ids)],
                "max_weight": 1000,
            }
        )
        cls.rule_intl = rule.create(
            {
                "name": "International",
                "sequence": 30,
                "exchange_partner_id": cls.intl.id,
                "country_ids": [Command.set((fr | nl).ids)],
                "max_weight": 20,
            }
        )
        cls.countries = {
            c.code: c for c in (de | at | fr | nl | country.search([("code", "=", "US")]))
        }
        cls.user = new_test_user(
            env, login="logistics_user", groups="carrier_exchange.carrier_exchange_group_user"
        )
        cls.manager = new_test_user(
            env, login="logistics_manager", groups="carrier_exchange.carrier_exchange_group_manager"
        )
        cls.salesman = new_test_user(
            env, login="logistics_sales", groups="sales_team.group_sale_salesman"
        )
        cls._customer_seq = 0

    @classmethod
    def _customer(cls, country="DE", street="Hauptstrasse 1", street2=False, name=None):
        cls._customer_seq += 1
        return cls.env["res.partner"].create(
            {
                "name": name or f"Erika Muster {cls._customer_seq}",
                "street": street,
                "street2": street2,
                "zip": "10115",
                "city": "Berlin",
                "country_id": cls.countries[country].id,
                "email": f"erika{cls._customer_seq}@example.com",
            }
        )

    @classmethod
    def _orders(cls, specs, confirm=True):
        """Sale orders from ``[(customer, [(product, qty), ...]), ...]``, created at once."""
        orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "warehouse_id": cls.warehouse.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": qty})
                        for product, qty in lines
                    ],
                }
                for customer, lines in specs
            ]
        )
        if confirm:
            orders.action_confirm()
        return orders

    @staticmethod
    def _deliveries(orders):
        return orders.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")

    @staticmethod
    def _confirmation_xml(rows, partner_code="NORD"):
        """A confirmations file; ``rows`` are (reference, status, tracking, carrier)."""
        records = []
        for ref, status, tracking, carrier in rows:
            numbers = "".join(f"<tracking_number>{t}</tracking_number>" for t in tracking)
            carrier_attr = f' carrier="{carrier}"' if carrier else ""
            records.append(
                f'  <confirmation reference="{ref}" status="{status}" '
                f'timestamp="2026-11-20T10:15:00+01:00"{carrier_attr}>{numbers}</confirmation>'
            )
        body = "\n".join(records)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<confirmations xmlns="urn:clearhouse:logistics-confirmation:1.0" version="1.0" '
            f'partner="{partner_code}" document_id="C-{datetime.now():%H%M%S%f}">\n{body}\n'
            "</confirmations>\n"
        ).encode()

    @staticmethod
    def _sftp_values(port, host_key):
        return {
            "protocol": "sftp",
            "host": LOCALHOST,
            "port": port,
            "login": USER,
            "password": PASSWORD,
            "host_key": f"{host_key.get_name()} {host_key.get_base64()}",
            "outbound_path": "out",
            "inbound_path": "in",
            "archive_path": "archive",
            "inbound_pattern": "*",
            "timeout": 5,
        }

    @staticmethod
    def _ftp_values(port):
        return {
            "protocol": "ftp",
            "host": LOCALHOST,
            "port": port,
            "login": USER,
            "password": PASSWORD,
            "outbound_path": "out",
            "inbound_path": "in",
            "archive_path": "archive",
            "inbound_pattern": "*",
            "timeout": 5,
        }

    def _upload(self, partner, name, data, user=None):
        wizard = (
            self.env["carrier.exchange.upload.wizard"]
            .with_user(user or self.user)
            .create(
                {
                    "exchange_partner_id": partner.id,
                    "file": base64.b64encode(data),
                    "file_name": name,
                }
            )
        )
        action = wizard.action_import()
        return self.env["carrier.exchange.document"].browse(action["res_id"])
