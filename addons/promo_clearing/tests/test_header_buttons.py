import re

from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ClearingCase

CLEARING_ACTIONS = {"Take", "Re-validate and Release", "Ask Customer", "Cancel with Reason"}


@tagged("post_install", "-at_install")
class TestHeaderButtons(ClearingCase):
    """The buttons each role sees in the header of an order in clearing: the clearing
    actions only, one cancel (with a reason), the sales actions out of sight."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_user = new_test_user(
            cls.env, login="order_user", groups="clearhouse_order.clearhouse_order_group_user"
        )

    def _visible_buttons(self, order, user):
        """Labels of the header buttons ``user`` sees on ``order`` (groups applied by the
        server, ``invisible`` evaluated on the record as the web client does)."""
        order = order.with_user(user)
        arch = order.get_views([(False, "form")])["views"]["form"]["arch"]
        labels = set()
        for button in etree.fromstring(arch).find(".//header").iter("button"):
            expression = button.get("invisible")
            if expression and safe_eval(expression, self._eval_context(order, expression)):
                continue
            labels.add(button.get("string"))
        return labels

    @staticmethod
    def _eval_context(order, expression):
        values = {"uid": order.env.uid, "context": {}, "id": order.id}
        for name in set(re.findall(r"\b[a-z_][a-z0-9_]*\b", expression)) & set(order._fields):
            value = order[name]
            field = order._fields[name]
            if field.type == "many2one":
                value = value.id
            elif field.type in ("one2many", "many2many"):
                value = value.ids
            values[name] = value
        return values

    def test_clerk_sees_clearing_actions_of_a_waiting_order(self):
        order = self._order("HB-1", street="Invalidenstraße")
        self.assertEqual(order.clearing_state, "in_clearing")
        self.assertEqual(self._visible_buttons(order, self.clerk), CLEARING_ACTIONS)

    def test_clerk_sees_release_and_next_on_own_case(self):
        order = self._order("HB-2", street="Invalidenstraße")
        order.with_user(self.clerk).action_clearing_take()
        self.assertEqual(
            self._visible_buttons(order, self.clerk),
            CLEARING_ACTIONS - {"Take"} | {"Release & Next", "Give Back"},
        )

    def test_lead_sees_no_release_and_next_on_a_clerks_case(self):
        order = self._order("HB-3", street="Invalidenstraße")
        order.with_user(self.clerk).action_clearing_take()
        self.assertEqual(
            self._visible_buttons(order, self.lead), CLEARING_ACTIONS - {"Take"} | {"Give Back"}
        )

    def test_hold_shows_release_not_revalidate(self):
        order = self._order("HB-4")
        order.with_user(self.clerk).action_clearing_hold()
        self.assertEqual(
            self._visible_buttons(order, self.lead),
            {"Take", "Release", "Ask Customer", "Cancel with Reason"},
        )

    def test_order_user_sees_no_sales_actions_in_clearing(self):
        order = self._order("HB-5", street="Invalidenstraße")
        self.assertEqual(
            self._visible_buttons(order, self.order_user),
            set(),
            "no clearing rights: nothing to press, and no sales action either",
        )

    def test_sales_actions_back_after_release(self):
        order = self._order("HB-6")
        self.assertEqual(order.state, "sale")
        buttons = self._visible_buttons(order, self.clerk)
        self.assertIn("Cancel", buttons, "outside clearing the standard cancel is there")
        self.assertNotIn("Cancel with Reason", buttons, "and only that one")
        self.assertFalse(buttons & {"Take", "Release & Next"}, "no clearing actions")
