from odoo import api, fields, models
from odoo.exceptions import UserError


class ServiceDeskPhoneOrder(models.TransientModel):
    """An order the customer gives on the phone, submitted through the kernel's intake
    (validated and automated like every channel's orders)."""

    _name = "service.desk.phone.order"
    _description = "Service Desk: Phone Order"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    source_id = fields.Many2one(
        "clearhouse.order.source",
        string="Order Source",
        required=True,
        domain="[('kind', '=', 'phone')]",
        default=lambda self: self._default_source(),
    )
    note = fields.Text(string="Customer Note")
    line_ids = fields.One2many("service.desk.phone.order.line", "wizard_id", string="Products")

    @api.model
    def _default_source(self):
        return self.env["clearhouse.order.source"].search(
            [("kind", "=", "phone"), ("company_id", "in", self.env.companies.ids)], limit=1
        )

    def _order_dict(self, ref):
        partner = self.partner_id
        return {
            "external_ref": ref,
            "note": self.note or "",
            "customer": {
                "firstname": "",
                "lastname": partner.name or "",
                "company": partner.parent_id.name or "",
                "email": partner.email or "",
                "phone": partner.phone or partner.mobile or "",
                "street": partner.street or "",
                "street2": partner.street2 or "",
                "zip": partner.zip or "",
                "city": partner.city or "",
                "state": partner.state_id.code or "",
                "country": partner.country_id.code or "",
            },
            "lines": [
                {
                    "sku": line.product_id.default_code or f"ID{line.product_id.id}",
                    "quantity": int(line.quantity),
                }
                for line in self.line_ids
            ],
        }

    def action_submit(self):
        self.ensure_one()
        if not self.line_ids or any(line.quantity < 1 for line in self.line_ids):
            raise UserError(self.env._("Add at least one product with a quantity of 1 or more."))
        # sudo: numbering only, no data read.
        ref = self.env["ir.sequence"].sudo().next_by_code("service.desk.phone.order")
        product_lines = [
            {"product_id": line.product_id.id, "product_uom_qty": int(line.quantity)}
            for line in self.line_ids
        ]
        result = self.env["service.desk.intake"]._submit_phone_order(
            self.source_id, self._order_dict(ref), product_lines
        )
        if not result["order_id"]:
            raise UserError(
                self.env._(
                    "The order was refused: %(issues)s",
                    issues="; ".join(i["message"] for i in result["issues"]),
                )
            )
        return self.env["sale.order"].browse(result["order_id"]).action_desk_open_order()


class ServiceDeskPhoneOrderLine(models.TransientModel):
    _name = "service.desk.phone.order.line"
    _description = "Service Desk: Phone Order Line"

    wizard_id = fields.Many2one("service.desk.phone.order", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product", required=True, domain="[('sale_ok', '=', True)]"
    )
    quantity = fields.Integer(default=1)
