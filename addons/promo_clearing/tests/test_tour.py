from odoo.tests import HttpCase, tagged

from .common import ClearingFixturesMixin


@tagged("post_install", "-at_install")
class TestClearingTour(ClearingFixturesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_clearing_fixtures()

    def test_workbench_take_fix_release(self):
        order = self._order("TOUR-ANY", street="Invalidenstraße", street2="116")
        self.assertEqual(order.clearing_state, "in_clearing")
        # Orders already waiting in this database are someone else's work right now.
        self.env["sale.order"].search(
            [("clearing_state", "=", "in_clearing"), ("id", "!=", order.id)]
        ).write({"clearing_state": "in_progress", "clearing_user_id": self.lead.id})
        self.start_tour(
            "/odoo/action-promo_clearing.sale_order_action_clearing",
            "promo_clearing_workbench_tour",
            login="clerk1",
        )
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.picking_ids, "the released order has its delivery")
        self.assertEqual(order.partner_shipping_id.street, "Invalidenstraße 116")
