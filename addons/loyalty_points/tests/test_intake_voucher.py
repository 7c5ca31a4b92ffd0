from odoo.tests import tagged

from clearhouse.intake.payload import parse_order_dict

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestIntakeVoucher(LoyaltyCommon):
    """``voucher_code`` in an intake payload of any channel lands on the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["clearhouse.order.source"].create(
            {"name": "Webshop", "code": "LOYALTY-SHOP", "kind": "shop"}
        )
        cls.intake = cls.env["clearhouse.order.intake"]

    def _payload(self, ref):
        return parse_order_dict(
            {
                "external_ref": ref,
                "customer": {"lastname": "Mustermann", "country": "DE"},
                "lines": [{"sku": "COFFEE", "quantity": 1}],
            }
        )

    def test_order_vals_carry_the_payload_voucher(self):
        partner = self._partner()
        contact = {"partner_id": partner.id, "shipping_id": partner.id}
        intake = self.intake.with_context(loyalty_intake_vouchers={"S-1": "ABCD-EFGH"})
        vals = intake._intake_order_vals(self.source, self._payload("S-1"), contact, "shop")
        self.assertEqual(vals["points_voucher_code"], "ABCD-EFGH")
        other = intake._intake_order_vals(self.source, self._payload("S-2"), contact, "shop")
        self.assertNotIn("points_voucher_code", other)

    def test_voucher_code_that_is_not_text_rejects_only_its_order(self):
        results = self.intake._intake_submit_dicts(
            self.source,
            [{"external_ref": "S-3", "voucher_code": 12345}],
            "shop",
        )
        self.assertEqual(len(results), 1)
        self.assertFalse(results[0]["order_id"])
        self.assertEqual(results[0]["external_ref"], "S-3")
        self.assertEqual(results[0]["issues"][0]["field"], "voucher_code")
        self.assertIn("S-3", results[0]["issues"][0]["message"])
        self.assertFalse(self.env["sale.order"].search([("external_ref", "=", "S-3")]))
