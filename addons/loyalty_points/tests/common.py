from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class LoyaltyCommon(BaseCommon):
    """A programme (1 point per euro, vouchers of 5 EUR per 500 points) with one store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.germany = cls.env.ref("base.de")
        cls.tobacco = cls.env["product.category"].create({"name": "Tobacco"})
        cls.program = cls.env["points.program"].create(
            {
                "name": "Kundenkarte",
                "threshold_points": 500,
                "voucher_value": 5.0,
                "voucher_validity_days": 90,
                "excluded_categ_ids": [Command.set(cls.tobacco.ids)],
                "birthday_value": 10.0,
                "birthday_lead_days": 21,
                "birthday_min_revenue": 200.0,
                "run_chunk_size": 3,
            }
        )
        # Other programmes of the company (demo or other tests) must not catch the orders.
        cls.env["points.program"].search([("id", "!=", cls.program.id)]).action_archive()
        cls.store = cls.env["points.store"].create(
            {"name": "Berlin Mitte", "code": "B01", "program_id": cls.program.id}
        )
        cls.api_user = new_test_user(
            cls.env, login="till_b01", groups="loyalty_points.loyalty_points_group_api"
        )
        cls.store.api_user_ids = cls.api_user
        cls.product = cls.env["product.product"].create(
            {"name": "Coffee", "type": "consu", "list_price": 100.0, "default_code": "COFFEE"}
        )
        cls.cigars = cls.env["product.product"].create(
            {
                "name": "Cigars",
                "type": "consu",
                "list_price": 50.0,
                "default_code": "CIGARS",
                "categ_id": cls.tobacco.id,
            }
        )

    @classmethod
    def _partner(cls, name="Erika Mustermann", **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "street": "Invalidenstraße 116",
                "zip": "10115",
                "city": "Berlin",
                "country_id": cls.germany.id,
                **values,
            }
        )

    @classmethod
    def _account(cls, name="Erika Mustermann", points=0, **values):
        account = cls.env["points.account"].create(
            {"partner_id": cls._partner(name).id, "program_id": cls.program.id, **values}
        )
        if points:
            cls._earn(account, points)
        return account

    @classmethod
    def _earn(cls, account, points, revenue=None, date=None):
        vals = {"account_id": account.id, "kind": "earn", "points": points}
        vals["revenue"] = points if revenue is None else revenue
        if date:
            vals["date"] = date
        return cls.env["points.move"].create(vals)

    @classmethod
    def _voucher(cls, account, amount=5.0, **values):
        return cls.env["points.voucher"].create(
            {"account_id": account.id, "amount": amount, **values}
        )

    def _order(self, partner, lines, **values):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": qty, "tax_id": False}
                    )
                    for product, qty in lines
                ],
                **values,
            }
        )
