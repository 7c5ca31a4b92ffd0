from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_repr

from clearhouse.payments import candidate_kind, match_kind
from clearhouse.payments.types import INVOICE, ORDER


class PaymentMatchManualWizard(models.TransientModel):
    _name = "payment.match.manual.wizard"
    _description = "Match Payment Manually"

    statement_line_id = fields.Many2one(
        "account.bank.statement.line", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="statement_line_id.company_id")
    currency_id = fields.Many2one(related="statement_line_id.currency_id")
    line_amount = fields.Monetary(related="statement_line_id.amount", string="Amount")
    payment_ref = fields.Char(related="statement_line_id.payment_ref", string="Remittance")
    partner_name = fields.Char(related="statement_line_id.partner_name", string="Payer")
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        domain="[('company_id', '=', company_id), ('move_type', '=', 'out_invoice'), "
        "('state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )
    sale_order_ids = fields.Many2many(
        "sale.order",
        string="Prepayment Orders",
        domain="[('company_id', '=', company_id), ('state', 'in', ('draft', 'sent')), "
        "('prepayment_state', '=', 'awaiting')]",
    )
    amount_selected = fields.Monetary(string="Selected Total", compute="_compute_amount_selected")
    amount_difference = fields.Monetary(
        string="Difference",
        compute="_compute_amount_selected",
        help="Amount of the line minus the selected total: positive for an overpayment, "
        "negative for a partial payment.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.bank.statement.line":
            values["statement_line_id"] = self.env.context.get("active_id")
        return values

    @api.depends("invoice_ids", "sale_order_ids", "line_amount")
    def _compute_amount_selected(self):
        for wizard in self:
            total = sum(wizard.invoice_ids.mapped("amount_residual"))
            total += sum(wizard.sale_order_ids.mapped("amount_total"))
            wizard.amount_selected = total
            wizard.amount_difference = wizard.line_amount - total

    def _decimal(self, amount):
        return Decimal(float_repr(amount, self.currency_id.decimal_places))

    def _match_kind(self):
        """Kind of the match from the amounts and the journal's tolerance (the core decides)."""
        self.ensure_one()
        open_amounts = self.invoice_ids.mapped("amount_residual")
        open_amounts += self.sale_order_ids.mapped("amount_total")
        return match_kind(
            self._decimal(self.line_amount),
            [self._decimal(amount) for amount in open_amounts],
            self.statement_line_id.journal_id._get_payment_tolerance(),
        )

    def _prepare_proposal_vals(self):
        self.ensure_one()
        kinds = [INVOICE] * len(self.invoice_ids) + [ORDER] * len(self.sale_order_ids)
        return {
            "statement_line_id": self.statement_line_id.id,
            "sequence": 0,
            "candidate_kind": candidate_kind(kinds),
            "sale_order_ids": [Command.set(self.sale_order_ids.ids)],
            "invoice_ids": [Command.set(self.invoice_ids.ids)],
            "references": ", ".join(
                self.sale_order_ids.mapped("name") + self.invoice_ids.mapped("name")
            ),
            "score": 0,
            "kind": self._match_kind(),
            "amount_matched": min(self.line_amount, self.amount_selected),
            "explanation_data": {"manual_by": self.env.user.name},
        }

    def action_confirm(self):
        """Create a proposal of the chosen invoices and orders and confirm it."""
        self.ensure_one()
        self.env["account.bank.statement.line"]._check_payment_matcher()
        line = self.statement_line_id
        line.check_access("write")
        if not (self.invoice_ids or self.sale_order_ids):
            raise UserError(self.env._("Choose at least one invoice or order."))
        if line.payment_matched or line.is_reconciled:
            raise UserError(
                self.env._(
                    "The statement line %(line)s is already matched.", line=line.display_name
                )
            )
        if line.currency_id.compare_amounts(line.amount, 0) <= 0:
            raise UserError(self.env._("Only incoming payments can be matched."))
        if line.payment_fee:
            raise UserError(self.env._("A PayPal fee is not a customer's payment."))
        if (self.invoice_ids.company_id | self.sale_order_ids.company_id) - line.company_id:
            raise UserError(
                self.env._("Invoices and orders must belong to the company of the line.")
            )
        proposal = self.env["payment.match.proposal"].create(self._prepare_proposal_vals())
        proposal._confirm(auto=False)
        return {
            "type": "ir.actions.act_window",
            "res_model": "payment.match.proposal",
            "res_id": proposal.id,
            "view_mode": "form",
            "target": "current",
        }
