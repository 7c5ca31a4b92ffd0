from odoo import Command
from odoo.tests import tagged

from .common import KernelCommon


@tagged("post_install", "-at_install")
class TestOrderScreens(KernelCommon):
    def test_search_by_phone_in_any_writing(self):
        self.env.company.country_id = self.germany
        order = self._order("PHONE-1", partner=self._partner(phone="+49301234567"))
        other = self._order("PHONE-2", partner=self._partner("Max Muster", phone="+4989123456"))
        orders = self.env["sale.order"].with_user(self.order_user)
        for typed in ("030 1234567", "+49 30 1234567", "0049301234567"):
            found = orders.search([("order_phone", "=", typed), ("id", "in", (order | other).ids)])
            self.assertEqual(found, order, f"{typed!r} finds the order stored in E.164")
        found = orders.search([("order_phone", "ilike", "1234567")])
        self.assertIn(order, found, "a part of the number finds it too")
        self.assertNotIn(other, found)

    def test_zero_value_order_hides_sales_clutter(self):
        free = self._order(
            "ZERO-1", order_line=[Command.create({"product_id": self.product.id, "price_unit": 0})]
        )
        paid = self._order("PAID-1")
        self.assertTrue(free.order_zero_value, "a premium order without price")
        self.assertFalse(paid.order_zero_value, "an order with a price keeps its sales fields")
        arch = free.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("order_zero_value", arch, "the form switches on it")
