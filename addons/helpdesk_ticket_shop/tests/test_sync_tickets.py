from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSyncTickets(TransactionCase):
    def test_export_that_gave_up_opens_ticket_in_flagged_queue(self):
        queue = self.env["service.queue"].create(
            {"name": "Shops", "alias_name": "tk-shops", "ticket_sync_problems": True}
        )
        backend = self.env["shop.backend"].create({"name": "Ticket Shop", "code": "TK-SHOP"})
        log = self.env["shop.sync.log"].create(
            {
                "backend_id": backend.id,
                "direction": "export",
                "operation": "stock",
                "error": "HTTP 503 from the shop",
            }
        )
        log._sync_failed_for_good()
        ticket = self.env["service.ticket"].search(
            [("res_model", "=", log._name), ("res_id", "=", log.id)]
        )
        self.assertEqual(len(ticket), 1, "one ticket for the export that gave up")
        self.assertEqual(ticket.queue_id, queue)
        self.assertIn("HTTP 503", ticket.description)
