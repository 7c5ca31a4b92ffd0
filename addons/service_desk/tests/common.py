from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class DeskCommon(BaseCommon):
    """A customer with confirmed orders (two lines) and the two service desk users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ensure_chart_of_accounts()
        cls.source = cls.env["clearhouse.order.source"].create(
            {"name": "Desk Phone Orders", "code": "DESK-TEST", "kind": "phone"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Desk Mug", "type": "consu", "list_price": 12.0, "invoice_policy": "order"}
        )
        cls.product_b = cls.env["product.product"].create(
            {"name": "Desk Cap", "type": "consu", "list_price": 8.0, "invoice_policy": "order"}
        )
        cls.germany = cls.env.ref("base.de")
        cls.agent = new_test_user(
            cls.env, login="desk_agent", groups="service_desk.service_desk_group_user"
        )
        cls.lead = new_test_user(
            cls.env, login="desk_lead", groups="service_desk.service_desk_group_manager"
        )
        cls.customer = cls.new_customer("Hans Müller", phone="030 44021187", ref="K-1001")

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
    def new_customer(cls, name, street="Invalidenstraße 116", **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": f"{name.split()[0].lower()}@example.com",
                "street": street,
                "zip": "10115",
                "city": "Berlin",
                "country_id": cls.germany.id,
                "lang": "en_US",
                **values,
            }
        )

    @classmethod
    def new_order(cls, ref, partner=None, qty_a=3, qty_b=2, **values):
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "order_source_id": cls.source.id,
                "external_ref": ref,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": qty_a}),
                    Command.create({"product_id": cls.product_b.id, "product_uom_qty": qty_b}),
                ],
                **values,
            }
        )

    @classmethod
    def confirmed_order(cls, ref, partner=None, **values):
        order = cls.new_order(ref, partner=partner, **values)
        order.action_confirm()
        return order

    @staticmethod
    def outgoing(order):
        return order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )
