from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    prepayment_statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        string="Prepayment Bank Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
