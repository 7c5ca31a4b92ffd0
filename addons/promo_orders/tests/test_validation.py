from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PromoOrdersCase


@tagged("post_install", "-at_install")
class TestValidation(PromoOrdersCase):
    def _order(self, result):
        return self.env["sale.order"].browse(result["order_id"])

    def _codes(self, order):
        return set(order.issue_ids.mapped("code"))

    def test_valid_order_confirmed_with_delivery(self):
        [result] = self._submit([self._order_dict("V-1")])
        order = self._order(result)
        self.assertEqual(result["validation"], "valid")
        self.assertEqual(order.validation_state, "valid")
        self.assertEqual(order.state, "sale", "valid orders are confirmed automatically")
        self.assertTrue(order.picking_ids, "confirmation creates the delivery")
        self.assertEqual(order.partner_id.phone, "+49301234567", "phone stored in E.164")
        self.assertEqual(order.promo_points_total, 500)
        self.assertEqual(order.intake_channel, "api")

    def test_auto_confirm_off_keeps_valid_order_draft(self):
        self.campaign.auto_confirm = False
        [result] = self._submit([self._order_dict("V-2")])
        self.assertEqual(self._order(result).state, "draft")
        self.assertEqual(result["validation"], "valid")

    def test_invalid_phone_is_blocking_issue(self):
        [result] = self._submit([self._order_dict("V-3", customer={"phone": "12"})])
        order = self._order(result)
        self.assertEqual(order.validation_state, "invalid")
        self.assertEqual(order.state, "draft", "invalid orders wait for clearing")
        issue = order.issue_ids.filtered(lambda i: i.code == "phone_invalid")
        self.assertEqual(issue.field_name, "phone")
        self.assertEqual(issue.severity, "block")
        self.assertEqual(order.main_issue_rule, "phone")

    def test_mobile_required(self):
        self._rule("phone").mobile_required = True
        [fixed] = self._submit([self._order_dict("V-4")])
        [mobile] = self._submit(
            [
                self._order_dict(
                    "V-5", customer={"phone": "+49 151 23456789", "email": "m@example.com"}
                )
            ]
        )
        self.assertIn("phone_not_mobile", self._codes(self._order(fixed)))
        self.assertEqual(mobile["validation"], "valid")

    def test_missing_size_flags_line_and_blocks_confirmation(self):
        [result] = self._submit([self._order_dict("V-6", lines=[{"sku": "T-SHIRT"}])])
        order = self._order(result)
        self.assertIn("size_missing", self._codes(order))
        issue = order.issue_ids.filtered(lambda i: i.code == "size_missing")
        self.assertEqual(issue.line_no, 1)
        self.assertTrue(order.order_line.promo_size_missing)
        self.assertNotIn("(S)", order.order_line.name, "no size the customer never chose")
        self.assertIn("Test T-Shirt", order.order_line.name)
        # Even with the rule set to warn, a line without size never ships.
        self._rule("size").severity = "warn"
        order.action_order_validate()
        self.assertEqual(order.validation_state, "valid")
        self.assertEqual(order.state, "draft")
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_choosing_size_fixes_line(self):
        [result] = self._submit([self._order_dict("V-7", lines=[{"sku": "T-SHIRT"}])])
        order = self._order(result)
        variant_l = self.tmpl_shirt.product_variant_ids.filtered(
            lambda p: p.product_template_attribute_value_ids.name == "L"
        )
        order.order_line.product_id = variant_l
        self.assertFalse(order.order_line.promo_size_missing)
        self.assertIn("L", order.order_line.name, "the chosen size shows")
        self.assertEqual(order.validation_state, "pending", "edits make validation stale")
        order.action_order_validate()
        self.assertEqual(order.validation_state, "valid")
        self.assertEqual(order.state, "sale", "fixed orders continue like valid ones")

    def test_points_policies(self):
        [over] = self._submit([self._order_dict("V-8", declared_points=400)])
        self.assertIn("points_exceeded", self._codes(self._order(over)))
        self.campaign.points_policy = "eq"
        [under] = self._submit(
            [self._order_dict("V-9", declared_points=600, customer={"email": "x9@example.com"})]
        )
        self.assertIn("points_not_equal", self._codes(self._order(under)))
        [exact] = self._submit(
            [self._order_dict("V-10", declared_points=500, customer={"email": "x10@example.com"})]
        )
        self.assertEqual(exact["validation"], "valid")

    def test_country_not_allowed(self):
        [result] = self._submit(
            [
                self._order_dict(
                    "V-11",
                    customer={
                        "country": "FR",
                        "zip": "75001",
                        "city": "Paris",
                        "street": "1 Rue de Rivoli",
                        "phone": "+33 1 42 60 30 30",
                    },
                )
            ]
        )
        self.assertIn("country_not_allowed", self._codes(self._order(result)))

    def test_packstation_rule_switch(self):
        packstation = {"street": "Packstation 123", "street2": "Postnummer 12345678"}
        [blocked] = self._submit([self._order_dict("V-12", customer=packstation)])
        self.assertIn("packstation_not_allowed", self._codes(self._order(blocked)))
        self._rule("packstation").enabled = False
        [allowed] = self._submit(
            [self._order_dict("V-13", customer=dict(packstation, email="p2@example.com"))]
        )
        self.assertNotIn("packstation_not_allowed", self._codes(self._order(allowed)))

    def test_address_postal_code_and_house_number(self):
        [bad_zip] = self._submit([self._order_dict("V-14", customer={"zip": "1011"})])
        self.assertIn("address_zip_invalid", self._codes(self._order(bad_zip)))
        [no_number] = self._submit(
            [
                self._order_dict(
                    "V-15", customer={"street": "Invalidenstraße", "email": "v15@example.com"}
                )
            ]
        )
        issue = self._order(no_number).issue_ids.filtered(
            lambda i: i.code == "address_house_number_missing"
        )
        self.assertEqual(issue.field_name, "street")

    def test_prefixed_postal_code_is_valid_and_stored_canonical(self):
        [result] = self._submit([self._order_dict("V-16", customer={"zip": "D-10115"})])
        order = self._order(result)
        self.assertEqual(result["validation"], "valid", "a country prefix is no finding")
        self.assertEqual(order.partner_shipping_id.zip, "10115", "stored as the post prints it")

    def test_max_per_participant_across_orders(self):
        jacket = [{"sku": "T-JACKET", "quantity": 1}]
        first, second = self._submit(
            [
                self._order_dict("V-16", lines=jacket, declared_points=5000),
                self._order_dict(
                    "V-17",
                    lines=jacket + [{"sku": "T-MUG"}],
                    declared_points=5000,
                    customer={"email": "v-16@example.com"},
                ),
            ]
        )
        self.assertEqual(first["validation"], "valid")
        self.assertIn("max_exceeded", self._codes(self._order(second)))

    def test_duplicate_order_is_warning(self):
        first, second = self._submit(
            [
                self._order_dict("V-18"),
                self._order_dict("V-19", customer={"email": "v-18@example.com"}),
            ]
        )
        self.assertEqual(self._order(first).issue_ids.mapped("code"), [])
        dup = self._order(second).issue_ids
        self.assertEqual(dup.mapped("code"), ["duplicate_order"])
        self.assertEqual(dup.severity, "warn")
        self.assertEqual(second["validation"], "valid", "a warning does not block")
        self.assertEqual(
            self._order(first).partner_id,
            self._order(second).partner_id,
            "the same e-mail is the same participant",
        )

    def test_disabled_rule_is_not_run(self):
        self._rule("phone").enabled = False
        [result] = self._submit([self._order_dict("V-20", customer={"phone": "12"})])
        self.assertEqual(result["validation"], "valid")

    def test_revalidate_after_fixing_phone(self):
        [result] = self._submit([self._order_dict("V-21", customer={"phone": "12"})])
        order = self._order(result)
        self.assertEqual(order.validation_state, "invalid")
        order.partner_shipping_id.phone = "030 1234567"
        order.action_order_validate()
        self.assertEqual(order.validation_state, "valid")
        self.assertFalse(order.issue_ids)
        self.assertEqual(order.partner_shipping_id.phone, "+49301234567")
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.picking_ids)

    def test_participant_number_and_new_address(self):
        first, second = self._submit(
            [
                self._order_dict("V-22", participant_number="P-77"),
                self._order_dict(
                    "V-23",
                    participant_number="P-77",
                    customer={
                        "email": "",
                        "street": "Hauptstraße 5",
                        "zip": "80331",
                        "city": "München",
                    },
                    lines=[{"sku": "T-MUG"}],
                ),
            ]
        )
        order1, order2 = self._order(first), self._order(second)
        self.assertEqual(order1.partner_id, order2.partner_id, "same participant number")
        self.assertEqual(order1.promo_participant_id.number, "P-77")
        self.assertEqual(order1.partner_shipping_id, order1.partner_id)
        self.assertEqual(order2.partner_shipping_id.parent_id, order1.partner_id)
        self.assertEqual(order2.partner_shipping_id.type, "delivery")
        self.assertEqual(order2.partner_shipping_id.city, "München")
        [third] = self._submit(
            [
                self._order_dict(
                    "V-24",
                    participant_number="P-77",
                    customer={
                        "email": "",
                        "street": "Hauptstraße 5",
                        "zip": "80331",
                        "city": "München",
                    },
                    lines=[{"sku": "T-SHIRT", "size": "S"}],
                )
            ]
        )
        self.assertEqual(
            self._order(third).partner_shipping_id,
            order2.partner_shipping_id,
            "a known delivery address is reused",
        )

    def test_manual_entry_validated_on_confirm(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Phone Caller",
                "street": "Hauptstraße",
                "zip": "10115",
                "city": "Berlin",
                "country_id": self.env.ref("base.de").id,
                "phone": "+49 30 1234567",
            }
        )
        mug = self.tmpl_mug.product_variant_id
        with Form(self.env["sale.order"].with_user(self.user)) as form:
            form.partner_id = partner
            form.promo_campaign_id = self.campaign
            form.intake_channel = "phone"
            form.promo_declared_points = 100
            with form.order_line.new() as line:
                line.product_id = mug
        order = form.save()
        self.assertEqual(order.validation_state, "pending")
        action = order.with_user(self.user).action_order_validate_confirm()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(order.state, "draft")
        self.assertIn("address_house_number_missing", self._codes(order))
        partner.street = "Hauptstraße 1"
        order.with_user(self.user).action_order_validate_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.validation_state, "valid")

    def test_issue_messages_translated(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"].search(
            [("name", "=", "clearhouse_order")]
        )._update_translations(["de_DE"])
        # Submitted by an English API user, read by a German and an English clerk.
        [result] = self._submit([self._order_dict("V-25", customer={"phone": "12"})])
        issue = self._order(result).issue_ids.filtered(lambda i: i.code == "phone_invalid")
        self.assertIn(
            "Telefonnummer",
            issue.with_context(lang="de_DE").message,
            "a German reader reads the issue in German",
        )
        self.assertIn(
            "Phone number",
            issue.with_context(lang="en_US").message,
            "an English reader reads the same issue in English",
        )
