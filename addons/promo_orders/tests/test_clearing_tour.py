from odoo.tests import HttpCase, tagged

from .clearing_common import ClearingFixturesMixin


@tagged("post_install", "-at_install")
class TestClearingTour(ClearingFixturesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_clearing_fixtures()

    def test_workbench_take_fix_release(self):
        [result] = self._submit([self._order_dict("TOUR-1", customer={"phone": "1 212 555 0123"})])
        order = self._order(result)
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
        self.assertEqual(order.partner_shipping_id.phone, "+12125550123")
