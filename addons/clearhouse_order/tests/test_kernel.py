import logging
import threading

from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools.quiet_sql import quiet_sql_errors
from .common import KernelCommon


@tagged("post_install", "-at_install")
class TestKernelGate(KernelCommon):
    """Automation confirms what no hold stops and no veto blocks."""

    def test_valid_order_is_confirmed_by_automation(self):
        order = self._order("K-1")
        order._order_validate()
        order._order_automate()
        self.assertEqual(order.validation_state, "valid")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order._order_api_states()[order.id], "confirmed")

    def test_awaiting_prepayment_holds_until_released(self):
        order = self._order("K-2", prepayment_state="awaiting")
        order._order_validate()
        order._order_automate()
        self.assertEqual(order.state, "draft", "no confirmation before the money")
        self.assertEqual(order._order_api_states()[order.id], "awaiting_payment")
        released = order._order_release_payment()
        self.assertEqual(released, order)
        self.assertEqual(order.prepayment_state, "paid")
        self.assertEqual(order.state, "sale")
        self.assertFalse(order._order_release_payment(), "a second release changes nothing")

    def test_invalid_order_is_vetoed_for_automation_and_users(self):
        order = self._order("K-3", partner=self._partner("Max Muster", street="Invalidenstraße"))
        order._order_validate()
        self.assertEqual(order.validation_state, "invalid")
        self.assertEqual(order.main_issue_rule, "address")
        self.assertFalse(order._order_confirm_ready(), "automation leaves it")
        with self.assertRaises(UserError, msg="a user cannot confirm it either"):
            order.with_user(self.order_user).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_stale_validation_is_checked_before_confirmation(self):
        order = self._order("K-4")
        order._order_validate()
        order.partner_shipping_id = self._partner("Lea Lang", street="Invalidenstraße")
        self.assertEqual(order.validation_state, "pending", "a new address makes it stale")
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_external_ref_unique_per_source(self):
        self._order("K-5")
        other = self.env["clearhouse.order.source"].create(
            {"name": "Other", "code": "KERNEL-OTHER", "kind": "shop"}
        )
        self._order("K-5", order_source_id=other.id)  # another source may use it
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self._order("K-5")


@tagged("post_install", "-at_install")
class TestKernelIssues(KernelCommon):
    def test_issues_rendered_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"].search(
            [("name", "=", "clearhouse_order")]
        )._update_translations(["de_DE"])
        order = self._order("K-6", partner=self._partner("Max Muster", street="Invalidenstraße"))
        order.with_context(lang="en_US")._order_validate()
        issue = order.issue_ids.filtered(lambda i: i.code == "address_house_number_missing")
        english = issue.with_context(lang="en_US").message
        german = issue.with_context(lang="de_DE").message
        self.assertIn("house number", english)
        self.assertIn("Hausnummer", german, "stored once, read in German by a German clerk")
        self.assertEqual(issue._as_result()[0]["line"], False, "no line: False, not 0")

    def test_revalidation_replaces_issues(self):
        order = self._order("K-7", partner=self._partner("Max Muster", street="Invalidenstraße"))
        order._order_validate()
        self.assertTrue(order.issue_ids)
        order.partner_shipping_id.street = "Invalidenstraße 116"
        order._order_validate()
        self.assertFalse(order.issue_ids)
        self.assertEqual(order.validation_state, "valid")
        self.assertFalse(order.main_issue_rule)

    def test_valid_phone_stored_canonical(self):
        partner = self._partner("Ina Iltis", phone="030 1234567")
        order = self._order("K-8", partner=partner)
        order._order_validate()
        self.assertEqual(partner.phone, "+49301234567", "stored as E.164, as intake does")


@tagged("post_install", "-at_install")
class TestKernelShippingMail(KernelCommon):
    def _ship(self, order, tracking):
        carrier = self.env["delivery.carrier"].search([], limit=1)
        picking = order.picking_ids
        picking.write({"carrier_tracking_ref": tracking})
        if carrier:
            picking.carrier_id = carrier
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def test_customer_of_any_source_gets_the_shipped_mail(self):
        order = self._order("K-9")
        order._order_validate()
        order._order_automate()
        picking = self._ship(order, "TRACK-9")
        mails = self.env["mail.mail"].search(
            [("model", "=", "stock.picking"), ("res_id", "=", picking.id)]
        )
        self.assertEqual(len(mails), 1, "one shipped mail")
        self.assertIn("TRACK-9", mails.body_html)
        self.assertIn("K-9", mails.subject, "the customer's own order number")

    def test_shipping_mail_switched_off_per_source(self):
        self.source.shipping_mail = False
        order = self._order("K-10")
        order._order_validate()
        order._order_automate()
        picking = self._ship(order, "TRACK-10")
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "stock.picking"), ("res_id", "=", picking.id)]
            )
        )


class TestPostalBlock(KernelCommon):
    def test_block_keeps_first_date_and_correction_lifts_it(self):
        moved, stays = self._partner("Max Umzug"), self._partner("Eva Bleibt")
        (moved | stays)._postal_block("unknown_moved")
        since = moved.postal_blocked_since
        self.assertTrue(moved.postal_blocked and stays.postal_blocked)
        self.assertEqual(moved.postal_block_reason, "unknown_moved")
        deliverable = self.env["res.partner"].search(
            [("id", "in", (moved | stays).ids), *moved._postal_deliverable_domain()]
        )
        self.assertFalse(deliverable)

        # A second return with another reason keeps the date of the first block.
        moved._postal_block("address_incomplete")
        self.assertEqual(moved.postal_block_reason, "address_incomplete")
        self.assertEqual(moved.postal_blocked_since, since)

        # Writing the same street again corrects nothing; a new street lifts the block.
        moved.write({"street": moved.street, "phone": "+49 30 1234567"})
        self.assertTrue(moved.postal_blocked)
        moved.write({"street": "Neue Straße 5"})
        self.assertFalse(moved.postal_blocked)
        self.assertFalse(moved.postal_block_reason)
        self.assertIn("block for mailings is lifted", moved.message_ids[0].body)
        self.assertTrue(stays.postal_blocked)
        self.assertEqual(
            self.env["res.partner"].search(
                [("id", "in", (moved | stays).ids), *moved._postal_deliverable_domain()]
            ),
            moved,
        )


class TestApiVisibility(KernelCommon):
    def test_api_users_see_their_sources_staff_with_an_api_key_see_all(self):
        other = self.env["clearhouse.order.source"].create(
            {"name": "Other Shop", "code": "KERNEL-OTHER", "kind": "shop"}
        )
        api_only = new_test_user(
            self.env, login="kernel_api", groups="clearhouse_order.clearhouse_order_group_api"
        )
        staff_api = new_test_user(
            self.env,
            login="kernel_staff_api",
            groups="clearhouse_order.clearhouse_order_group_user,"
            "clearhouse_order.clearhouse_order_group_api",
        )
        self.source.api_user_ids = api_only | staff_api
        sources = self.env["clearhouse.order.source"]
        both = self.source | other
        self.assertEqual(sources.with_user(api_only).search([("id", "in", both.ids)]), self.source)
        self.assertEqual(sources.with_user(staff_api).search([("id", "in", both.ids)]), both)


class TestQuietSqlErrors(BaseCase):
    def test_only_this_threads_expected_errors_are_kept_out_of_the_log(self):
        logger = logging.getLogger("odoo.sql_db")
        with self.assertLogs("odoo.sql_db", "ERROR") as logs:
            with quiet_sql_errors():
                logger.error("bad query: expected here")
                other = threading.Thread(target=logger.error, args=("bad query: other request",))
                other.start()
                other.join()
            logger.error("bad query: after the block")
        self.assertEqual(
            [record.getMessage() for record in logs.records],
            ["bad query: other request", "bad query: after the block"],
        )
