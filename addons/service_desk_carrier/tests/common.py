from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class DeskLogisticsMixin:
    """One logistics partner taking every German delivery, and a customer in Berlin."""

    @classmethod
    def ensure_chart_of_accounts(cls):
        """Invoices need journals; a database without a localisation gets the generic chart."""
        company = cls.env.company
        if not cls.env["account.journal"].search_count(
            [("type", "=", "sale"), ("company_id", "=", company.id)]
        ):
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=company, install_demo=False
            )

    @classmethod
    def setup_desk_logistics(cls):
        env = cls.env
        cls.ensure_chart_of_accounts()
        company = env.company
        # Clearing holds (when installed) are not what these tests look at.
        hold_fields = [f for f in company._fields if f.startswith("clearing_hold_")]
        company.write(dict.fromkeys(hold_fields, False))
        cls.source = env["clearhouse.order.source"].create(
            {"name": "Desk Phone", "code": "DESK-LOG", "kind": "phone"}
        )
        product = env["product.product"]
        common = {"type": "consu", "list_price": 10.0, "invoice_policy": "order", "weight": 0.4}
        cls.mug = product.create(dict(common, name="Mug", default_code="MUG"))
        cls.cap = product.create(dict(common, name="Cap", default_code="CAP"))
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "DHL",
                "product_id": product.create({"name": "DHL", "type": "service"}).id,
                "tracking_url": "https://track.example/dhl?id=<shipmenttrackingnumber>",
            }
        )
        cls.logistics = env["carrier.exchange.partner"].create(
            {
                "name": "Fulfilment Nord",
                "code": "NORD",
                "company_id": company.id,
                "protocol": "email",
                "email_to": "orders@nord.example",
                "interval_minutes": 60,
                "carrier_ids": [Command.set(cls.carrier.ids)],
            }
        )
        env["carrier.routing.rule"].search([("company_id", "=", company.id)]).unlink()
        env["carrier.routing.rule"].create(
            {
                "name": "Germany",
                "exchange_partner_id": cls.logistics.id,
                "country_ids": [Command.set(env.ref("base.de").ids)],
                "max_weight": 31.5,
            }
        )
        cls.agent = new_test_user(
            env, login="desk_log_agent", groups="service_desk.service_desk_group_user"
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "Hans Müller",
                "email": "hans.mueller@example.com",
                "phone": "+49 30 44021187",
                "street": "Invalidenstraße 116",
                "zip": "10115",
                "city": "Berlin",
                "country_id": env.ref("base.de").id,
                "lang": "en_US",
            }
        )

    @classmethod
    def sent_order(cls, ref, tracking=None):
        """A confirmed order whose delivery order the logistics partner has."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_source_id": cls.source.id,
                "external_ref": ref,
                "order_line": [
                    Command.create({"product_id": cls.mug.id, "product_uom_qty": 3}),
                    Command.create({"product_id": cls.cap.id, "product_uom_qty": 2}),
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        assert picking.exchange_state == "ready", "routed to the logistics partner"
        values = {"exchange_state": "sent"}
        if tracking:
            values["carrier_tracking_ref"] = tracking
        picking.write(values)
        return order


class DeskLogisticsCommon(DeskLogisticsMixin, BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_desk_logistics()
