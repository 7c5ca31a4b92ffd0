from odoo.tests import HttpCase, tagged

from .clearing_common import ClearingFixturesMixin


@tagged("post_install", "-at_install")
class TestClearingTour(ClearingFixturesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_clearing_fixtures()

    def test_wrong_phone_cleared_in_two_clicks(self):
        """Acceptance: from the workbench, take next, type the phone, "Release & Next"
        (two clicks plus typing); the next case is open."""
        # Orders already waiting in this database are someone else's work right now.
        self.env["sale.order"].search([("clearing_state", "=", "in_clearing")]).write(
            {"clearing_state": "in_progress", "clearing_user_id": self.lead.id}
        )
        first, second = self._submit(
            [
                self._order_dict("TOUR-1", customer={"phone": "12"}),
                self._order_dict("TOUR-NEXT", customer={"phone": "34"}),
            ]
        )
        order, following = self._order(first), self._order(second)
        self.assertEqual(order.clearing_reason_id.code, "phone", "a wrong phone")
        self.start_tour(
            "/odoo/action-promo_clearing.sale_order_action_clearing",
            "promo_clearing_workbench_tour",
            login="clerk1",
        )
        self.assertEqual(order.partner_shipping_id.phone, "+49301234567")
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.picking_ids, "the released order has its delivery")
        self.assertEqual(following.clearing_state, "in_progress", "the next case is open")
        self.assertEqual(following.clearing_user_id, self.clerk)
