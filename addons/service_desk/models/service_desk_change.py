from odoo import api, fields, models

CHANGE_KINDS = [
    ("cancel_lines", "Partial Cancellation"),
    ("replacement", "Replacement Order"),
    ("goodwill", "Goodwill Credit"),
    ("gift", "Gift Item"),
    ("address", "Delivery Address Change"),
]
REASON_CODES = [
    ("customer_request", "Customer Request"),
    ("wrong_item", "Wrong Item Sent"),
    ("damaged", "Damaged Item"),
    ("late", "Late Delivery"),
    ("missing", "Item Missing"),
    ("complaint", "Complaint"),
    ("other", "Other"),
]


class ServiceDeskChange(models.Model):
    """One change of an order made by the service desk: what, why, who, what it cost.

    Written once by the change itself and never edited by agents: the log is the record
    of what the customer was promised."""

    _name = "service.desk.change"
    _description = "Service Desk Order Change"
    _order = "id desc"

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection(CHANGE_KINDS, required=True, readonly=True, index=True)
    order_id = fields.Many2one("sale.order", readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.user
    )
    reason_code = fields.Selection(REASON_CODES, required=True, readonly=True, index=True)
    note = fields.Text(readonly=True)
    detail = fields.Text(readonly=True, help="The lines, quantities or addresses changed.")
    amount = fields.Monetary(readonly=True, string="Value")
    currency_id = fields.Many2one(
        "res.currency", readonly=True, default=lambda self: self.env.company.currency_id
    )
    new_order_id = fields.Many2one("sale.order", readonly=True, string="New Order")
    credit_note_id = fields.Many2one("account.move", readonly=True, string="Credit Note")
    logistics_message = fields.Char(readonly=True, help="What was sent to the logistics partner.")

    @api.depends("kind", "order_id")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for change in self:
            change.name = f"{kinds.get(change.kind, '')} {change.order_id.name or ''}".strip()
