from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTransferTickets(TransactionCase):
    def test_transfer_that_gave_up_opens_ticket_in_flagged_queue(self):
        queue = self.env["service.queue"].create(
            {"name": "Logistics", "alias_name": "tk-logistics", "ticket_transfer_problems": True}
        )
        partner = self.env["carrier.exchange.partner"].create(
            {"name": "Parcel Partner", "code": "TK-PARCEL"}
        )
        document = self.env["carrier.exchange.document"].create(
            {
                "name": "OUT-0001",
                "exchange_partner_id": partner.id,
                "direction": "outbound",
                "kind": "delivery",
                "state": "failed",
                "last_error": "550 disk full",
            }
        )
        document._exchange_failed_for_good()
        ticket = self.env["service.ticket"].search(
            [("res_model", "=", document._name), ("res_id", "=", document.id)]
        )
        self.assertEqual(len(ticket), 1, "one ticket for the failed transfer")
        self.assertEqual(ticket.queue_id, queue)
        self.assertIn("550 disk full", ticket.description)

    def test_no_flagged_queue_no_ticket(self):
        partner = self.env["carrier.exchange.partner"].create({"name": "P2", "code": "TK-P2"})
        document = self.env["carrier.exchange.document"].create(
            {
                "name": "OUT-0002",
                "exchange_partner_id": partner.id,
                "direction": "outbound",
                "kind": "delivery",
                "state": "failed",
            }
        )
        document._exchange_failed_for_good()
        self.assertFalse(self.env["service.ticket"].search([("res_model", "=", document._name)]))
