from odoo import api, fields, models

from clearhouse.payments import AUTO_CONFIRM_FLOOR


class PaymentMatchConfirmWizard(models.TransientModel):
    _name = "payment.match.confirm.wizard"
    _description = "Confirm Payment Matches by Score"

    min_score = fields.Integer(string="Minimum Score", default=AUTO_CONFIRM_FLOOR, required=True)
    proposal_ids = fields.Many2many(
        "payment.match.proposal",
        string="Proposals",
        help="Leave empty to consider every proposed match.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "payment.match.proposal":
            values["proposal_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    def action_confirm(self):
        """Confirm the best unambiguous proposal of each line scoring at least the minimum."""
        self.ensure_one()
        self.env["account.bank.statement.line"]._check_payment_matcher()
        domain = [
            ("state", "=", "proposed"),
            ("ambiguous", "=", False),
            ("score", ">=", self.min_score),
        ]
        if self.proposal_ids:
            domain.append(("id", "in", self.proposal_ids.ids))
        proposals = self.env["payment.match.proposal"].search(domain, order="score desc, id")
        seen, ids = set(), []
        for proposal in proposals:  # the best proposal of each line, in score order
            if proposal.statement_line_id.id not in seen:
                seen.add(proposal.statement_line_id.id)
                ids.append(proposal.id)
        chosen = proposals.browse(ids).filtered(
            lambda p: (
                not p.statement_line_id.payment_matched and not p.statement_line_id.is_reconciled
            )
        )
        chosen.action_confirm()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Payment Matching"),
                "message": self.env._("%(count)s matches confirmed.", count=len(chosen)),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
