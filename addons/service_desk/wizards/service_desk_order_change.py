from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.service_desk_change import REASON_CODES

WIZARD_KINDS = [
    ("cancel_lines", "Cancel Lines"),
    ("replacement", "Replacement Order"),
    ("goodwill", "Goodwill Credit"),
    ("gift", "Gift Item"),
    ("address", "Change Delivery Address"),
]


class ServiceDeskOrderChange(models.TransientModel):
    """What the agent changes on an order, with the reason; the order does the change."""

    _name = "service.desk.order.change"
    _description = "Service Desk: Change an Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    partner_id = fields.Many2one(related="order_id.partner_id")
    currency_id = fields.Many2one(related="order_id.currency_id")
    kind = fields.Selection(WIZARD_KINDS, required=True, default="cancel_lines")
    reason_code = fields.Selection(REASON_CODES, required=True, default="customer_request")
    note = fields.Text()
    line_ids = fields.One2many("service.desk.order.change.line", "wizard_id", string="Lines")
    amount = fields.Monetary(string="Goodwill Value")
    gift_product_id = fields.Many2one("product.product", string="Gift")
    address_id = fields.Many2one(
        "res.partner",
        string="New Delivery Address",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id"))
        if order and "line_ids" in fields_list:
            values["line_ids"] = [
                fields.Command.create({"sale_line_id": line.id, "quantity": 0.0})
                for line in order.order_line.filtered(lambda l: not l.display_type)
            ]
        return values

    def _quantities(self):
        quantities = {w.sale_line_id: w.quantity for w in self.line_ids if w.quantity > 0}
        if not quantities:
            raise UserError(self.env._("Enter a quantity on at least one line."))
        return quantities

    def action_apply(self):
        self.ensure_one()
        order = self.order_id
        if self.kind == "cancel_lines":
            change = order._desk_cancel_lines(self._quantities(), self.reason_code, self.note)
        elif self.kind == "replacement":
            change = order._desk_replacement(self._quantities(), self.reason_code, self.note)
        elif self.kind == "goodwill":
            change = order._desk_goodwill(self.amount, self.reason_code, self.note)
        elif self.kind == "gift":
            if not self.gift_product_id:
                raise UserError(self.env._("Choose the gift."))
            change = order._desk_replacement(
                {self.gift_product_id: 1}, self.reason_code, self.note, kind="gift"
            )
        else:
            if not self.address_id:
                raise UserError(self.env._("Choose the new delivery address."))
            change = order._desk_change_address(self.address_id, self.reason_code, self.note)
        order.message_post(
            body=self.env._(
                "%(change)s by %(user)s: %(reason)s",
                change=change.name,
                user=self.env.user.name,
                reason=dict(self._fields["reason_code"]._description_selection(self.env))[
                    self.reason_code
                ],
            )
        )
        return {"type": "ir.actions.act_window_close"}


class ServiceDeskOrderChangeLine(models.TransientModel):
    _name = "service.desk.order.change.line"
    _description = "Service Desk: Line to Change"

    wizard_id = fields.Many2one("service.desk.order.change", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    product_id = fields.Many2one(related="sale_line_id.product_id")
    ordered = fields.Float(related="sale_line_id.product_uom_qty", string="Ordered")
    delivered = fields.Float(related="sale_line_id.qty_delivered", string="Delivered")
    quantity = fields.Float(string="Quantity to Change")
