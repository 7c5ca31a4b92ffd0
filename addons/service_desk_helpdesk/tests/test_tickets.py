from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestServiceDeskTickets(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="desk_ticket_agent",
            groups="service_desk.service_desk_group_user,helpdesk_ticket.helpdesk_ticket_group_user",
        )
        cls.lead = new_test_user(
            cls.env, login="desk_ticket_lead", groups="service_desk.service_desk_group_manager"
        )
        partners = cls.env["res.partner"]
        cls.contacts = partners.create(
            [{"name": f"Erika Muster {n}", "email": f"erika{n}@example.com"} for n in range(5)]
        )

    def test_service_view_lists_tickets_and_opens_a_new_one(self):
        ticket = self.env["service.ticket"].create(
            {"name": "Parcel missing", "partner_id": self.contacts[0].id}
        )
        partner = self.contacts[0].with_user(self.agent)
        self.assertEqual(partner.desk_ticket_ids, ticket)
        action = partner.action_desk_new_ticket()
        self.assertEqual(action["context"]["default_partner_id"], partner.id)

    def test_merge_five_contacts_keeps_every_ticket(self):
        tickets = self.env["service.ticket"].create(
            [{"name": f"Case {n}", "partner_id": c.id} for n, c in enumerate(self.contacts)]
        )
        target = self.contacts[0]
        wizard = (
            self.env["service.desk.partner.merge"]
            .with_user(self.lead)
            .create({"partner_ids": [(6, 0, self.contacts.ids)], "dst_partner_id": target.id})
        )
        wizard.action_merge()
        self.assertEqual(self.contacts.exists(), target)
        self.assertEqual(tickets.partner_id, target, "every ticket kept, on the contact kept")
        self.assertEqual(len(target.desk_ticket_ids), 5)
