from odoo.tests import Form, tagged

from .clearing_common import ClearingCase


@tagged("post_install", "-at_install")
class TestClearingSizes(ClearingCase):
    """The clerk chooses a missing size on the Clearing tab, not on the Order Lines tab."""

    def _missing_size_order(self, ref):
        [result] = self._submit(
            [self._order_dict(ref, lines=[{"sku": "T-SHIRT"}, {"sku": "T-MUG"}])]
        )
        order = self._order(result).with_user(self.clerk)
        self.assertEqual(order.clearing_reason_id.code, "size")
        order.action_clearing_take()
        return order

    def _variant(self, size):
        return self.tmpl_shirt.product_variant_ids.filtered(
            lambda p: p.product_template_attribute_value_ids.name == size
        )

    def test_size_lines_list_only_lines_without_size_with_their_issue(self):
        order = self._missing_size_order("SZ-1")
        shirt = order.order_line.filtered("promo_size_missing")
        self.assertEqual(order.promo_size_line_ids, shirt, "the mug line has nothing to choose")
        self.assertEqual(shirt.promo_size_tmpl_id, self.tmpl_shirt)
        issue = order.issue_ids.filtered(lambda i: i.code == "size_missing")
        self.assertEqual(shirt.promo_size_issue, issue.message)
        self.assertFalse((order.order_line - shirt).promo_size_issue)

    def test_choosing_size_on_clearing_tab_sets_variant_and_clears_issue(self):
        order = self._missing_size_order("SZ-2")
        size_l = self._variant("L")
        with Form(order) as form:
            self.assertEqual(len(form.promo_size_line_ids), 1)
            with form.promo_size_line_ids.edit(0) as line:
                line.product_id = size_l
        shirt = order.order_line.filtered(
            lambda ln: ln.product_id.product_tmpl_id == self.tmpl_shirt
        )
        self.assertEqual(shirt.product_id, size_l)
        self.assertFalse(shirt.promo_size_missing)
        self.assertFalse(order.promo_size_line_ids, "the chosen line leaves the size list")
        self.assertEqual(len(order.order_line), 2, "no line added or dropped")
        order.action_clearing_revalidate()
        self.assertNotIn("size_missing", order.issue_ids.mapped("code"))
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "sale")
