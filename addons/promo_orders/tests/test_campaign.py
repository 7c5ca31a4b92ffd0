from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PromoOrdersCase


@tagged("post_install", "-at_install")
class TestCampaign(PromoOrdersCase):
    def test_code_normalised_and_rules_created(self):
        self.assertEqual(self.campaign.code, "TEST26", "codes are stored upper-case")
        self.assertEqual(
            set(self.campaign.rule_ids.mapped("rule")),
            {
                "phone",
                "address",
                "country",
                "packstation",
                "size",
                "catalogue",
                "points",
                "max_per_participant",
                "duplicate",
            },
            "a new campaign gets every validation rule with its defaults",
        )
        self.assertEqual(self._rule("duplicate").severity, "warn")
        self.assertEqual(self._rule("phone").severity, "block")

    def test_code_unique(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env["promo.campaign"].create({"name": "Other", "code": "Test26"})

    def test_add_missing_rules_restores_deleted_rule(self):
        self._rule("duplicate").unlink()
        self.campaign.action_add_missing_rules()
        self.assertTrue(self._rule("duplicate"), "the deleted rule is back")
        self.assertEqual(len(self.campaign.rule_ids), 9, "no rule is added twice")

    def test_copy_keeps_catalogue_with_new_code(self):
        copy = self.campaign.copy()
        self.assertEqual(copy.code, "TEST26-COPY")
        self.assertEqual(len(copy.product_ids), 3)
        self.assertEqual(len(copy.rule_ids), 9)

    def test_premium_code_defaults_to_internal_reference(self):
        premium = self.campaign.product_ids.filtered(lambda p: p.product_tmpl_id == self.tmpl_shirt)
        self.assertEqual(premium.code, "T-SHIRT")
        self.assertEqual(premium.size_names, "S, M, L, XL", "sizes in the attribute's order")

    def test_order_counters(self):
        self._submit([self._order_dict("C-1"), self._order_dict("C-2", lines=[{"sku": "T-SHIRT"}])])
        self.assertEqual(self.campaign.order_count, 2)
        self.assertEqual(self.campaign.order_valid_count, 1)
        self.assertEqual(self.campaign.order_invalid_count, 1)
        self.assertEqual(self.campaign.participant_count, 2)

    def test_user_reads_manager_writes(self):
        campaign_as_user = self.campaign.with_user(self.user)
        self.assertEqual(campaign_as_user.name, "Test Campaign")
        with self.assertRaises(AccessError):
            campaign_as_user.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self._rule("phone").with_user(self.user).write({"enabled": False})
        self.campaign.with_user(self.manager).write({"name": "Changed"})
        self._rule("phone").with_user(self.manager).write({"enabled": False})
        self.assertFalse(self._rule("phone").enabled)

    def test_plain_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["promo.campaign"].with_user(self.plain_user).search([])

    def test_company_rule_hides_other_company_campaign(self):
        other = self.env["res.company"].create({"name": "Other Service Center"})
        campaign_b = self.env["promo.campaign"].create(
            {"name": "B", "code": "BCAMP", "company_id": other.id}
        )
        visible = self.env["promo.campaign"].with_user(self.user).search([])
        self.assertIn(self.campaign, visible)
        self.assertNotIn(campaign_b, visible, "a user of company A never sees company B")
