from odoo import Command
from odoo.tests import Form, tagged

from .common import TicketCommon


@tagged("post_install", "-at_install")
class TestAnswerTemplates(TicketCommon):
    """ "Answer" on a ticket opens the composer with the queue's answer templates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Template = env["mail.template"]
        model = env["ir.model"]._get_id("service.ticket")
        cls.status = env.ref("helpdesk_ticket.mail_template_answer_order_status")
        cls.short = Template.create(
            {
                "name": "Queue A: short",
                "model_id": model,
                "subject": "Re {{ object.number }}",
                "body_html": "<p>Order <t t-out='object.order_id.name'/></p>",
            }
        )
        cls.foreign = Template.create(
            {"name": "Queue B only", "model_id": model, "subject": "B", "body_html": "<p>B</p>"}
        )
        cls.queue.answer_template_ids = [Command.set([cls.status.id, cls.short.id])]
        cls.queue_b = env["service.queue"].create(
            {
                "name": "Queue B",
                "alias_name": "tk-queue-b",
                "answer_template_ids": [Command.set([cls.foreign.id])],
            }
        )
        source = env["clearhouse.order.source"].create(
            {"name": "Answer Orders", "code": "TICKET-ANSWER", "kind": "phone"}
        )
        product = env["product.product"].create(
            {"name": "Mug", "type": "consu", "is_storable": False, "list_price": 9.0}
        )
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_source_id": source.id,
                "external_ref": "TK-ANSWER-1",
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        cls.order.action_confirm()
        carrier = env["delivery.carrier"].create(
            {
                "name": "Parcel Service",
                "product_id": env["product.product"]
                .create({"name": "Parcel", "type": "service"})
                .id,
                "delivery_type": "fixed",
                "tracking_url": "https://track.example.com/<shipmenttrackingnumber>",
            }
        )
        cls.order.picking_ids.write({"carrier_id": carrier.id, "carrier_tracking_ref": "TRK-0815"})

    def _composer(self, ticket):
        action = ticket.with_user(self.morning1).action_answer()
        self.assertEqual(action["res_model"], "mail.compose.message")
        view_id = action["views"][0][0]
        composer_env = self.env(user=self.morning1, context=action["context"])
        return action, Form(composer_env["mail.compose.message"], view=view_id)

    def test_composer_offers_queue_templates_and_renders_order_and_tracking(self):
        ticket = self._ticket(order_id=self.order.id)
        action, form = self._composer(ticket)
        allowed = action["context"]["service_queue_template_ids"]
        self.assertEqual(allowed, [self.status.id, self.short.id], "queue A's templates, in order")
        self.assertNotIn(self.foreign.id, allowed)
        # the selector's domain only lets those through
        domain = [("id", "in", allowed), ("model", "=", "service.ticket")]
        offered = self.env["mail.template"].search(domain)
        self.assertEqual(offered, self.status | self.short)
        # the first template is preset and rendered with the ticket's order and tracking
        self.assertEqual(form.template_id, self.status)
        self.assertIn(ticket.number, form.subject)
        self.assertIn(self.order.name, form.body)
        self.assertIn("TRK-0815", form.body)
        self.assertIn("https://track.example.com/TRK-0815", form.body)
        # choosing the other template renders it instead
        form.template_id = self.short
        self.assertIn(self.order.name, form.body)
        self.assertNotIn("TRK-0815", form.body)
        composer = form.save()
        composer.action_send_mail()
        self.assertIn(self.order.name, ticket.message_ids[0].body)

    def test_other_queue_offers_its_own_templates(self):
        ticket = self._ticket(queue_id=self.queue_b.id)
        action, form = self._composer(ticket)
        self.assertEqual(action["context"]["service_queue_template_ids"], [self.foreign.id])
        self.assertEqual(form.template_id, self.foreign)
