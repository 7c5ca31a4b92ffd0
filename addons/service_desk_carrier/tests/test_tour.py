from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DeskLogisticsMixin

TRACKING = "00340434161094042557"


@tagged("post_install", "-at_install")
class TestServiceDeskTour(DeskLogisticsMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_desk_logistics()
        cls.order = cls.sent_order("TOUR-1", tracking=TRACKING)
        picking = cls.order.picking_ids
        picking.carrier_id = cls.carrier
        cls.env["carrier.exchange.event"].create(
            {
                "picking_id": picking.id,
                "exchange_partner_id": cls.logistics.id,
                "status": "shipped",
                "timestamp": fields.Datetime.now(),
                "carrier_id": cls.carrier.id,
                "carrier_name": "DHL",
                "tracking_numbers": TRACKING,
            }
        )

    def test_tracking_number_to_answer(self):
        """Acceptance 1: finder by tracking number -> customer -> order -> shipping history
        with the tracking link -> answer with the template."""
        self.start_tour(
            "/odoo/action-service_desk.res_partner_action_service_desk",
            "service_desk_tracking_to_answer",
            login="desk_log_agent",
        )
        answer = self.order.message_ids.filtered(
            lambda m: m.message_type == "comment" and TRACKING in (m.body or "")
        )
        self.assertTrue(answer, "the customer got the 'where is my order' answer")
        self.assertIn(self.customer, answer.partner_ids)
