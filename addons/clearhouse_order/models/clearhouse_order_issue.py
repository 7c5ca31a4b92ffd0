from odoo import api, fields, models

from ..tools.issue_messages import render_message

# The core's validation rules (clearhouse.validation.rules) and the intake's own findings.
ISSUE_RULE_SELECTION = [
    ("phone", "Phone"),
    ("address", "Address"),
    ("country", "Country"),
    ("packstation", "Packstation"),
    ("size", "Size"),
    ("catalogue", "Catalogue"),
    ("points", "Points"),
    ("max_per_participant", "Maximum per Participant"),
    ("duplicate", "Duplicate"),
    ("payload", "Order Data"),
    ("rule_error", "Rule Error"),
]

# Order fields an issue may name, as the reader sees them (the core's field names).
ISSUE_FIELD_SELECTION = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("street", "Street"),
    ("street2", "Street 2"),
    ("zip", "ZIP"),
    ("city", "City"),
    ("state", "State"),
    ("country", "Country"),
    ("lines", "Order Lines"),
    ("size", "Size"),
    ("points", "Points"),
    ("order", "Order"),
]


class ClearhouseOrderIssue(models.Model):
    """One finding of an order's validation: a code with parameters, never a sentence.

    The text is rendered when read, in the reader's language: an order submitted by an
    English API user shows its issues in German to a German clerk.
    """

    _name = "clearhouse.order.issue"
    _description = "Order Validation Issue"
    _order = "order_id, severity, sequence, id"
    _rec_name = "code"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    order_source_id = fields.Many2one(
        related="order_id.order_source_id", store=True, index=True, string="Source"
    )
    sequence = fields.Integer(default=10)
    rule = fields.Selection(ISSUE_RULE_SELECTION, required=True, index=True)
    code = fields.Char(required=True, index=True, help="Technical code of the finding.")
    params = fields.Json(help="Values the message is rendered with.")
    field_name = fields.Selection(
        ISSUE_FIELD_SELECTION, string="Field", help="Order field the issue concerns."
    )
    order_line_id = fields.Many2one("sale.order.line", string="Order Line", ondelete="cascade")
    line_no = fields.Integer(
        string="Line", help="Position of the concerned line in the order (1 = first, 0 = none)."
    )
    detail = fields.Char(help="The core's English text, shown where no translation exists.")
    message = fields.Char(compute="_compute_message")
    severity = fields.Selection(
        [("block", "Blocking"), ("warn", "Warning")],
        required=True,
        default="block",
        index=True,
    )
    suggestion = fields.Char(help="A value that would fix the issue, where one can be computed.")

    @api.depends("code", "params", "line_no", "detail")
    @api.depends_context("lang")
    def _compute_message(self):
        lang = self.env.lang
        for issue in self:
            issue.message = render_message(
                lang,
                issue.code,
                issue.params,
                issue.line_no - 1 if issue.line_no else None,
                fallback=issue.detail or "",
            )

    @api.model
    def _prepare_vals(self, issues):
        """Values of core ``Issue`` objects, in their order (``sequence``)."""
        fields_known = dict(ISSUE_FIELD_SELECTION)
        return [
            {
                "sequence": index,
                "rule": issue.rule,
                "code": issue.code,
                "params": dict(issue.params or {}) or False,
                "field_name": issue.field if issue.field in fields_known else False,
                "line_no": issue.line + 1 if issue.line is not None else 0,
                "detail": (issue.message or "")[:250] or False,
                "severity": issue.severity,
                "suggestion": issue.suggestion or False,
            }
            for index, issue in enumerate(issues)
        ]

    def _as_result(self):
        """The issues as intake APIs answer them (clearhouse.orders.issue_result)."""
        from clearhouse.orders import issue_result

        return [
            issue_result(
                code=issue.code,
                rule=issue.rule,
                field=issue.field_name or "",
                line=issue.line_no - 1 if issue.line_no else None,
                message=issue.message,
                severity=issue.severity,
                suggestion=issue.suggestion or "",
            )
            for issue in self
        ]
