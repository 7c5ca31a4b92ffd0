from odoo.tests import HttpCase, tagged

from .common import ClearingFixturesMixin


@tagged("post_install", "-at_install")
class TestClearingTour(ClearingFixturesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_clearing_fixtures()

    def test_workbench_take_type_release_next(self):
        # Orders already waiting in this database are someone else's work right now.
        self.env["sale.order"].search([("clearing_state", "=", "in_clearing")]).write(
            {"clearing_state": "in_progress", "clearing_user_id": self.lead.id}
        )
        self.source.clearing_hold_note = "on"
        order = self._order("TOUR-ANY", note="Bitte vorher anrufen", phone="030")
        following = self._order("TOUR-NEXT", note="Bitte klingeln")
        self.assertEqual(order.clearing_reason_id.code, "customer_note")
        self.start_tour(
            "/odoo/action-promo_clearing.sale_order_action_clearing",
            "promo_clearing_workbench_tour",
            login="clerk1",
        )
        self.assertEqual(order.partner_shipping_id.phone, "+49301234567", "stored canonical")
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "sale")
        self.assertEqual(following.clearing_state, "in_progress", "the next case is taken")
        self.assertEqual(following.clearing_user_id, self.clerk)
