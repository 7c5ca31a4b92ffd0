from odoo.tests import tagged

from .clearing_common import ClearingCase


@tagged("post_install", "-at_install")
class TestHolds(ClearingCase):
    def test_customer_note_holds_valid_order(self):
        self.campaign.clearing_hold_note = "on"
        [result] = self._submit([self._order_dict("H-1", note="Bitte nicht vor 18 Uhr liefern")])
        order = self._order(result)
        self.assertEqual(result["validation"], "valid")
        self.assertEqual(order.state, "draft", "held orders are not confirmed")
        self.assertEqual(order.clearing_state, "in_clearing")
        self.assertEqual(order.clearing_reason_id.code, "customer_note")

    def test_boilerplate_note_is_no_hold(self):
        self.campaign.clearing_hold_note = "on"
        [result] = self._submit([self._order_dict("H-2", note="keine")])
        self.assertEqual(self._order(result).state, "sale")

    def test_note_hold_switch_follows_company_default(self):
        self.campaign.clearing_hold_note = "company"
        self.env.company.clearing_hold_note = False
        [result] = self._submit([self._order_dict("H-3", note="Bitte klingeln")])
        self.assertEqual(self._order(result).clearing_state, "automation")
        self.env.company.clearing_hold_note = True
        [result] = self._submit(
            [self._order_dict("H-4", note="Bitte klingeln", customer={"email": "h4@example.com"})]
        )
        self.assertEqual(self._order(result).clearing_state, "in_clearing")

    def test_packstation_oversize_hold(self):
        self._rule("packstation").enabled = False  # the campaign allows Packstation
        self.campaign.clearing_hold_packstation = "on"
        self.tmpl_jacket.write({"weight": 40.0})
        packstation = {"street": "Packstation 123", "street2": "Postnummer 12345678"}
        [heavy] = self._submit(
            [self._order_dict("H-5", customer=packstation, lines=[{"sku": "T-JACKET"}])]
        )
        self.assertEqual(self._order(heavy).clearing_reason_id.code, "packstation_oversize")
        [light] = self._submit(
            [self._order_dict("H-6", customer=dict(packstation, email="h6@example.com"))]
        )
        self.assertEqual(self._order(light).clearing_state, "automation")

    def test_value_threshold_hold(self):
        self.campaign.clearing_hold_value = "on"
        self.env.company.clearing_value_threshold = 50.0
        self.tmpl_mug.list_price = 30.0
        [result] = self._submit([self._order_dict("H-7")])
        self.assertEqual(self._order(result).clearing_reason_id.code, "value_above_threshold")

    def test_suspected_duplicate_hold_and_release_once(self):
        self.campaign.clearing_hold_duplicate = "on"
        self._rule("duplicate").enabled = False
        [first] = self._submit([self._order_dict("H-8")])
        [second] = self._submit([self._order_dict("H-9", customer={"email": "h-8@example.com"})])
        self.assertEqual(self._order(first).clearing_state, "automation")
        order = self._order(second)
        self.assertEqual(order.clearing_reason_id.code, "suspected_duplicate")
        order.with_user(self.clerk).action_clearing_release()
        self.assertEqual(order.state, "sale", "a clerk's release is final")
        self.assertEqual(order.clearing_state, "released")
