from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

OPEN_PICKING = ("draft", "waiting", "confirmed", "assigned")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    desk_origin_order_id = fields.Many2one(
        "sale.order", string="Replacement Of", index="btree_not_null", copy=False, readonly=True
    )
    desk_replacement_ids = fields.One2many(
        "sale.order", "desk_origin_order_id", string="Replacement Orders"
    )
    desk_change_ids = fields.One2many("service.desk.change", "order_id", string="Changes")
    desk_tracking_refs = fields.Char(compute="_compute_desk_tracking", string="Tracking")

    @api.depends("picking_ids.carrier_tracking_ref")
    def _compute_desk_tracking(self):
        for order in self:
            refs = order.picking_ids.filtered("carrier_tracking_ref").mapped("carrier_tracking_ref")
            order.desk_tracking_refs = ", ".join(refs)

    # ------------------------------------------------------------------ helpers
    def _desk_log(self, kind, reason_code, note="", **values):
        self.ensure_one()
        return self.env["service.desk.change"].create(
            {
                "kind": kind,
                "order_id": self.id,
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "reason_code": reason_code,
                "note": note or False,
                **values,
            }
        )

    def _desk_notify(self, template_xmlid):
        """Tell the customer by the template (queued mail: sent after this transaction)."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if template:
            for order in self:
                order.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    @staticmethod
    def _desk_lines_text(quantities):
        return "\n".join(
            f"{qty:g} x {line.product_id.display_name}" for line, qty in quantities.items()
        )

    # ------------------------------------------------------------------ cancel lines
    def _desk_cancel_lines(self, quantities, reason_code, note=""):
        """Cancel ``{sale.order.line: quantity}`` of this order.

        Open deliveries shrink with the order (sale_stock); deliveries already with the
        logistics partner get a cancellation for exactly these lines
        (``_desk_logistics_cancel_lines``, carrier bridge); an invoiced quantity is
        credited. Returns the change logged.
        """
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._("Only confirmed orders can be cancelled in part."))
        for line, qty in quantities.items():
            if line.order_id != self or qty <= 0:
                raise UserError(self.env._("Choose positive quantities of this order's lines."))
            if qty > line.product_uom_qty - line.qty_delivered:
                raise UserError(
                    self.env._(
                        "Line %(product)s: only %(qty)s not yet delivered can be cancelled.",
                        product=line.product_id.display_name,
                        qty=line.product_uom_qty - line.qty_delivered,
                    )
                )
        sent = self.picking_ids.filtered(
            lambda p: p.state in OPEN_PICKING and p.picking_type_code == "outgoing"
        )._desk_logistics_sent()
        message = self._desk_logistics_cancel_lines(sent, quantities, reason_code) if sent else ""
        invoiced_before = {line: line.qty_invoiced for line in quantities}
        for line, qty in quantities.items():
            line.product_uom_qty -= qty
        credit = self.env["account.move"]
        if any(invoiced_before[line] > line.product_uom_qty for line in quantities):
            credit = self._create_invoices(final=True)
            credit.filtered(lambda m: m.move_type == "out_refund").action_post()
        change = self._desk_log(
            "cancel_lines",
            reason_code,
            note,
            detail=self._desk_lines_text(quantities),
            amount=sum(line.price_reduce_taxinc * qty for line, qty in quantities.items()),
            credit_note_id=credit[:1].id,
            logistics_message=message or False,
        )
        self._desk_notify("service_desk.mail_template_cancellation_confirmed")
        return change

    def _desk_logistics_cancel_lines(self, pickings, quantities, reason_code):
        """Hook of the carrier bridge: tell the logistics partner; returns what was sent."""
        return ""

    # ------------------------------------------------------------------ replacement
    def _desk_replacement(self, quantities, reason_code, note="", kind="replacement"):
        """A free order with ``{line or product: quantity}`` for the same customer and
        address, linked to this one, sent on by automation like any new order."""
        self.ensure_one()
        lines = []
        for item, qty in quantities.items():
            product = item if item._name == "product.product" else item.product_id
            lines.append(
                Command.create(
                    {"product_id": product.id, "product_uom_qty": qty, "price_unit": 0.0}
                )
            )
        replacement = self.create(
            {
                "partner_id": self.partner_id.id,
                "partner_invoice_id": self.partner_invoice_id.id,
                "partner_shipping_id": self.partner_shipping_id.id,
                "company_id": self.company_id.id,
                "order_source_id": self.order_source_id.id,
                "desk_origin_order_id": self.id,
                "client_order_ref": self.name,
                "order_line": lines,
            }
        )
        replacement.order_line.write({"price_unit": 0.0, "discount": 0.0})
        replacement._order_automate()
        change = self._desk_log(
            kind,
            reason_code,
            note,
            detail="\n".join(f"{q:g} x {p.display_name}" for p, q in quantities.items()),
            amount=0.0,
            new_order_id=replacement.id,
        )
        return change

    # ------------------------------------------------------------------ goodwill
    def _desk_goodwill(self, amount, reason_code, note=""):
        """A goodwill credit of ``amount`` as a posted credit note to the customer."""
        self.ensure_one()
        if amount <= 0:
            raise UserError(self.env._("The goodwill value must be positive."))
        product = self.env.ref("service_desk.product_goodwill")
        credit = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.partner_invoice_id.id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "invoice_origin": self.name,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": note or product.name,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        credit.action_post()
        return self._desk_log(
            "goodwill", reason_code, note, amount=amount, credit_note_id=credit.id
        )

    # ------------------------------------------------------------------ address
    def _desk_change_address(self, address, reason_code, note=""):
        """Deliver to ``address`` from now on: the order and its open deliveries; a delivery
        already with the logistics partner is changed there by the carrier bridge."""
        self.ensure_one()
        open_pickings = self.picking_ids.filtered(
            lambda p: p.state in OPEN_PICKING and p.picking_type_code == "outgoing"
        )
        sent = open_pickings._desk_logistics_sent()
        old = self._desk_address_text(self.partner_shipping_id)
        self.with_context(update_delivery_shipping_partner=True).write(
            {"partner_shipping_id": address.id}
        )
        message = self._desk_logistics_change_address(sent) if sent else ""
        return self._desk_log(
            "address",
            reason_code,
            note,
            detail=f"{old}\n-> {self._desk_address_text(address)}",
            logistics_message=message or False,
        )

    @staticmethod
    def _desk_address_text(partner):
        city = " ".join(filter(None, (partner.zip, partner.city)))
        return ", ".join(filter(None, (partner.name, partner.street, city)))

    def _desk_logistics_change_address(self, pickings):
        """Hook of the carrier bridge: a change or cancel-and-resend message."""
        return ""

    # ------------------------------------------------------------------ actions
    def action_desk_change(self):
        """The order change wizard."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.desk.order.change",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_desk_open_order(self):
        """The order in its own form (from the service view's order list)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_desk_answer(self):
        """Answer the customer from a template (where is my order first)."""
        self.ensure_one()
        template = self.env.ref("service_desk.mail_template_where_is_my_order")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_template_id": template.id,
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }
