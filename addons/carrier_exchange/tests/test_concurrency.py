from odoo import Command, api
from odoo.tests import TransactionCase, tagged

CODE = "RACE-LOG"


@tagged("post_install", "-at_install")
class TestConcurrentCollection(TransactionCase):
    """Two workers collect the same partner at once: one document, the delivery in it once.

    Uses real, committed transactions (two cursors), so it cleans up after itself.
    """

    def setUp(self):
        super().setUp()
        self._cleanup()  # an interrupted earlier run may have left its data
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = env["carrier.exchange.partner"].create(
                {
                    "name": "Race Logistics",
                    "code": CODE,
                    "protocol": "email",
                    "email_to": "race@logistics.example",
                }
            )
            env["carrier.routing.rule"].create(
                {"name": "Race: everything", "sequence": 0, "exchange_partner_id": partner.id}
            )
            product = env["product.product"].create(
                {
                    "name": "Race Parcel",
                    "default_code": "RACE-LOG-P",
                    "type": "consu",
                    "weight": 1.0,
                }
            )
            customer = env["res.partner"].create(
                {
                    "name": "Race Customer",
                    "street": "Ring 1",
                    "zip": "10115",
                    "city": "Berlin",
                    "country_id": env.ref("base.de").id,
                }
            )
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            order.action_confirm()
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = (
                env["carrier.exchange.partner"]
                .with_context(active_test=False)
                .search([("code", "=", CODE)])
            )
            documents = env["carrier.exchange.document"].search(
                [("exchange_partner_id", "in", partner.ids)]
            )
            env["ir.attachment"].search(
                [("res_model", "=", documents._name), ("res_id", "in", documents.ids)]
            ).unlink()
            documents.unlink()
            customer = env["res.partner"].search([("name", "=", "Race Customer")])
            orders = env["sale.order"].search([("partner_id", "in", customer.ids)])
            pickings = orders.picking_ids
            pickings.action_cancel()
            moves = pickings.move_ids
            pickings.unlink()
            moves.exists().unlink()
            orders._action_cancel()
            orders.unlink()
            partner.with_context(active_test=False).rule_ids.unlink()
            partner.unlink()
            customer.unlink()
            env["product.product"].search([("default_code", "=", "RACE-LOG-P")]).unlink()

    def test_two_workers_collect_one_document(self):
        registry = self.env.registry
        cr1 = registry.cursor()
        try:
            env1 = api.Environment(cr1, api.SUPERUSER_ID, {})
            partner1 = env1["carrier.exchange.partner"].search([("code", "=", CODE)])
            first = partner1._exchange_collect()  # holds the delivery's row lock
            with registry.cursor() as cr2:
                env2 = api.Environment(cr2, api.SUPERUSER_ID, {})
                partner2 = env2["carrier.exchange.partner"].search([("code", "=", CODE)])
                second = partner2._exchange_collect()
                self.assertFalse(second, "the locked delivery is skipped, not sent twice")
            cr1.commit()
            with registry.cursor() as cr3:
                env3 = api.Environment(cr3, api.SUPERUSER_ID, {})
                partner3 = env3["carrier.exchange.partner"].search([("code", "=", CODE)])
                self.assertFalse(partner3._exchange_collect(), "already in a document")
                documents = env3["carrier.exchange.document"].search(
                    [("exchange_partner_id", "=", partner3.id)]
                )
                self.assertEqual(len(documents), 1)
                self.assertEqual(documents.record_count, 1)
                self.assertEqual(documents.id, first.id)
        finally:
            cr1.close()
