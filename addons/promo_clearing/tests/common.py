from odoo import Command
from odoo.tests import TransactionCase, new_test_user

HOLDS = ("note", "packstation", "value", "duplicate")


class ClearingFixturesMixin:
    """Orders of a plain order source (no campaign, no shop): clearing works for any."""

    @classmethod
    def _setup_clearing_fixtures(cls):
        env = cls.env
        cls.source = env["clearhouse.order.source"].create(
            {"name": "Phone Orders", "code": "CLEARING-TEST", "kind": "phone"}
        )
        # Holds are tested on their own; keep them out of the way elsewhere.
        cls.source.write({f"clearing_hold_{hold}": "off" for hold in HOLDS})
        cls.product = env["product.product"].create(
            {"name": "Clearing Mug", "type": "consu", "list_price": 12.0, "weight": 0.5}
        )
        cls.germany = env.ref("base.de")
        cls.clerk = new_test_user(
            env, login="clerk1", groups="promo_clearing.promo_clearing_group_clerk"
        )
        cls.clerk2 = new_test_user(
            env, login="clerk2", groups="promo_clearing.promo_clearing_group_clerk"
        )
        cls.lead = new_test_user(
            env, login="lead1", groups="promo_clearing.promo_clearing_group_lead"
        )

    def _order(
        self, ref, street="Invalidenstraße 116", street2="", zip_code="10115", note="", phone=""
    ):
        """An order of the test source, validated and passed to automation."""
        partner = self.env["res.partner"].create(
            {
                "name": f"Customer {ref}",
                "email": f"{ref.lower()}@example.com",
                "street": street,
                "street2": street2,
                "zip": zip_code,
                "city": "Berlin",
                "country_id": self.germany.id,
                "phone": phone or False,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_source_id": self.source.id,
                "external_ref": ref,
                "validation_state": "pending",
                "customer_note": note or False,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order._order_validate()
        order._order_automate()
        return order


class ClearingCase(ClearingFixturesMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._setup_clearing_fixtures()
