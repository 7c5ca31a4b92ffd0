from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, tagged

from .clearing_common import ClearingFixturesMixin


@tagged("post_install", "-at_install")
class TestSelfService(ClearingFixturesMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_clearing_fixtures()

    def _missing_size_order(self, ref):
        [result] = self._submit([self._order_dict(ref, lines=[{"sku": "T-SHIRT"}])])
        order = self._order(result)
        self.assertEqual(order.clearing_reason_id.code, "size")
        return order

    def _path(self, url):
        return url[url.index("/clearing/fix/") :]

    def test_link_fixes_missing_size_and_releases(self):
        order = self._missing_size_order("SS-1")
        order.action_clearing_send_fix_link()
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)], order="id desc", limit=1
        )
        self.assertIn("/clearing/fix/", mail.body_html, "the customer gets the link")
        path = self._path(order._clearing_portal_url())
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Choose a size", page.text)
        line = order.order_line.filtered("promo_size_missing")
        size_l = self.tmpl_shirt.product_variant_ids.filtered(
            lambda p: p.product_template_attribute_value_ids.name == "L"
        )
        response = self.url_open(path, data={f"size_{line.id}": str(size_l.id)})
        self.assertEqual(response.status_code, 200)
        self.assertIn("on its way", response.text)
        self.assertEqual(line.product_id, size_l)
        self.assertEqual(order.clearing_state, "released")
        self.assertEqual(order.state, "sale")

    def test_link_only_offers_sizes_of_that_premium(self):
        order = self._missing_size_order("SS-2")
        path = self._path(order._clearing_portal_url())
        line = order.order_line.filtered("promo_size_missing")
        mug = self.tmpl_mug.product_variant_id
        self.url_open(path, data={f"size_{line.id}": str(mug.id)})
        self.assertNotEqual(line.product_id, mug, "a foreign product is never written")
        self.assertEqual(order.clearing_state, "in_clearing")

    def test_tampered_link_refused(self):
        order = self._missing_size_order("SS-3")
        path = self._path(order._clearing_portal_url())
        tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
        page = self.url_open(tampered)
        self.assertIn("not valid", page.text)
        self.url_open(tampered, data={"street": "Evil 1"})
        self.assertEqual(order.clearing_state, "in_clearing")

    def test_expired_link_refused(self):
        order = self._missing_size_order("SS-4")
        path = self._path(order._clearing_portal_url(days=1))
        later = fields.Datetime.now() + timedelta(days=2)
        with patch.object(fields.Datetime, "now", return_value=later):
            page = self.url_open(path)
        self.assertIn("expired", page.text)

    def test_link_of_released_order_refused(self):
        order = self._missing_size_order("SS-5")
        path = self._path(order._clearing_portal_url())
        self.env["clearing.cancel.wizard"].with_context(active_ids=order.ids).create(
            {"reason": "test"}
        ).action_cancel_orders()
        self.assertIn("not valid", self.url_open(path).text)
