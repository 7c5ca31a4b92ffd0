from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DeskCommon


@tagged("post_install", "-at_install")
class TestDuplicates(DeskCommon):
    def test_new_contact_like_existing_is_suspect(self):
        twin = self.new_customer("Müller, Hans", phone="+49 30 44021187", email="other@example.com")
        self.assertEqual(twin.desk_duplicate_state, "suspect")
        self.assertIn(self.customer, twin.desk_duplicate_ids)
        stranger = self.new_customer("Clara Becker", street="Am Markt 3", phone="0711 5551234")
        self.assertFalse(stranger.desk_duplicate_state)

    def test_form_warns_with_candidates(self):
        typed = self.env["res.partner"].new({"name": "Hans Mueller", "email": "hans@example.com"})
        warning = typed._onchange_desk_duplicates()
        self.assertIn("Hans Müller", warning["warning"]["message"])
        typed = self.env["res.partner"].new({"name": "Clara Becker", "email": "cb@example.com"})
        self.assertIsNone(typed._onchange_desk_duplicates(), "no warning for a new person")

    def test_merge_five_contacts_keeps_orders_invoices_and_messages(self):
        contacts = self.customer
        for n in range(4):
            contacts |= self.new_customer(f"Hans Müller {n}", email=f"hans{n}@example.com")
        orders = self.env["sale.order"]
        for n, contact in enumerate(contacts):
            orders |= self.confirmed_order(f"MERGE-{n}", partner=contact)
        invoice = orders[2]._create_invoices()
        invoice.action_post()
        contacts[3].message_post(body="called about the parcel")
        wizard = (
            self.env["service.desk.partner.merge"]
            .with_user(self.lead)
            .create({"partner_ids": [(6, 0, contacts.ids)], "dst_partner_id": self.customer.id})
        )
        wizard.action_merge()
        self.assertEqual(contacts.exists(), self.customer, "four contacts merged away")
        self.assertEqual(orders.partner_id, self.customer, "every order kept")
        self.assertEqual(invoice.partner_id, self.customer, "the invoice kept")
        self.assertIn(
            "called about the parcel",
            "".join(self.customer.message_ids.mapped("body")),
            "the messages moved",
        )

    def test_merge_refused_for_agents(self):
        other = self.new_customer("Hans Müller 2", email="h2@example.com")
        with self.assertRaises(AccessError):
            self.env["service.desk.partner.merge"].with_user(self.agent).create(
                {"partner_ids": [(6, 0, (self.customer | other).ids)], "dst_partner_id": other.id}
            )
        wizard = self.env["service.desk.partner.merge"].create(
            {"partner_ids": [(6, 0, (self.customer | other).ids)], "dst_partner_id": other.id}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.agent).action_merge()
        self.assertTrue(other.exists(), "nothing merged")
