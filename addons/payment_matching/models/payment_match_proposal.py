from decimal import Decimal
from types import SimpleNamespace

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_repr

from clearhouse.payments import write_off
from clearhouse.payments.types import EXACT, INVOICE, MIXED, MULTIPLE, ORDER, OVERPAYMENT, PARTIAL

from .explanation import MANUAL, render_explanation


class PaymentMatchProposal(models.Model):
    _name = "payment.match.proposal"
    _description = "Payment Match Proposal"
    _inherit = ["mail.thread"]
    _order = "statement_line_id desc, sequence, score desc, id"

    statement_line_id = fields.Many2one(
        "account.bank.statement.line",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    sequence = fields.Integer(readonly=True, help="Rank among the proposals of the line.")
    company_id = fields.Many2one(
        related="statement_line_id.company_id", store=True, index=True, readonly=True
    )
    journal_id = fields.Many2one(related="statement_line_id.journal_id", store=True, readonly=True)
    currency_id = fields.Many2one(related="statement_line_id.currency_id", readonly=True)
    line_date = fields.Date(related="statement_line_id.date", string="Date", readonly=True)
    line_amount = fields.Monetary(
        related="statement_line_id.amount", string="Amount", readonly=True
    )
    payment_ref = fields.Char(
        related="statement_line_id.payment_ref", string="Remittance", readonly=True
    )
    partner_name = fields.Char(
        related="statement_line_id.partner_name", string="Payer", readonly=True
    )
    candidate_kind = fields.Selection(
        [(ORDER, "Order"), (INVOICE, "Invoice"), (MIXED, "Orders and Invoices")],
        required=True,
        readonly=True,
    )
    sale_order_ids = fields.Many2many("sale.order", string="Orders", readonly=True)
    invoice_ids = fields.Many2many("account.move", string="Invoices", readonly=True)
    references = fields.Char(readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", compute="_compute_partner_id", store=True, index=True
    )
    score = fields.Integer(readonly=True, aggregator="max")
    kind = fields.Selection(
        [
            (EXACT, "Exact"),
            (PARTIAL, "Partial"),
            (OVERPAYMENT, "Overpayment"),
            (MULTIPLE, "Multiple"),
        ],
        required=True,
        readonly=True,
    )
    amount_matched = fields.Monetary(readonly=True)
    explanation_data = fields.Json(
        readonly=True, help="The core's evidence of the proposal, rendered when read."
    )
    explanation = fields.Text(
        compute="_compute_explanation", help="Why the proposal fits, in your language."
    )
    ambiguous = fields.Boolean(readonly=True)
    state = fields.Selection(
        [("proposed", "Proposed"), ("confirmed", "Confirmed"), ("rejected", "Rejected")],
        default="proposed",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    decided_by = fields.Many2one("res.users", readonly=True, tracking=True)
    decided_at = fields.Datetime(readonly=True)
    auto_confirmed = fields.Boolean(readonly=True)

    @api.depends("explanation_data")
    @api.depends_context("lang")
    def _compute_explanation(self):
        lang = self.env.lang or "en_US"
        for proposal in self:
            data = proposal.explanation_data or {}
            if data.get("manual_by"):
                proposal.explanation = MANUAL._translate(lang) % {"user": data["manual_by"]}
                continue
            proposal.explanation = render_explanation(
                self.env,
                SimpleNamespace(
                    explanation=data.get("sentences") or [],
                    evidence=data.get("evidence") or {},
                    references=data.get("references") or [],
                    ambiguous=data.get("ambiguous", False),
                ),
            )

    @api.depends("references", "statement_line_id")
    def _compute_display_name(self):
        for proposal in self:
            proposal.display_name = self.env._(
                "%(references)s for %(line)s",
                references=proposal.references or "?",
                line=proposal.statement_line_id.display_name or "",
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(proposal.state != "proposed" for proposal in self):
            raise UserError(
                self.env._("Confirmed or rejected proposals are kept as the decision log.")
            )

    @api.model
    def _prepare_proposal_vals(self, line, proposal, rank):
        """Values of a proposal record from a core ``Proposal`` for ``line``."""
        return {
            "statement_line_id": line.id,
            "sequence": rank,
            "candidate_kind": proposal.candidate_kind,
            "sale_order_ids": [Command.set(proposal.ids_of(ORDER))],
            "invoice_ids": [Command.set(proposal.ids_of(INVOICE))],
            "references": ", ".join(proposal.references),
            "score": proposal.score,
            "kind": proposal.kind,
            "amount_matched": float(proposal.amount_matched),
            "explanation_data": {
                "sentences": list(proposal.explanation),
                "evidence": dict(proposal.evidence or {}),
                "references": list(proposal.references),
                "ambiguous": bool(proposal.ambiguous),
            },
            "ambiguous": proposal.ambiguous,
        }

    @api.depends("invoice_ids", "sale_order_ids")
    def _compute_partner_id(self):
        for proposal in self:
            partner = proposal.invoice_ids.commercial_partner_id[:1]
            partner = partner or proposal.sale_order_ids.partner_id.commercial_partner_id[:1]
            proposal.partner_id = partner

    # --- decisions ---------------------------------------------------------------------

    def action_confirm(self):
        """Reconcile the statement lines with the proposed invoices and orders."""
        self.env["account.bank.statement.line"]._check_payment_matcher()
        self._confirm(auto=False)
        return True

    def action_reject(self):
        """Refuse the proposals; their lines stay open for another match."""
        self.env["account.bank.statement.line"]._check_payment_matcher()
        if any(proposal.state != "proposed" for proposal in self):
            raise UserError(self.env._("Only proposed matches can be rejected."))
        self.write(
            {"state": "rejected", "decided_by": self.env.uid, "decided_at": fields.Datetime.now()}
        )
        for proposal in self:
            proposal.message_post(
                body=self.env._("Rejected by %(user)s.", user=self.env.user.name),
            )
        return True

    def action_find_matches(self):
        """Workbench button: propose matches for every open statement line."""
        lines = self.env["account.bank.statement.line"].search(
            [
                ("payment_matched", "=", False),
                ("payment_fee", "=", False),
                ("is_reconciled", "=", False),
                ("amount", ">", 0),
                ("company_id", "in", self.env.companies.ids),
            ]
        )
        return lines.action_compute_proposals()

    def _confirm(self, auto=False):
        for proposal in self:
            proposal._confirm_one(auto)
        return True

    def _payment_difference(self):
        """The difference the core books off for this match, in the line's currency.

        Only with a payment difference account on the journal, and only when the line
        and all its items share one currency; else 0 and a difference stays open on the
        customer's account.
        """
        self.ensure_one()
        line = self.statement_line_id
        journal = line.journal_id
        currency = line.currency_id
        items_currency = self.invoice_ids.currency_id | self.sale_order_ids.currency_id
        if not journal.payment_writeoff_account_id or line.foreign_currency_id:
            return Decimal(0)
        if items_currency != currency:
            return Decimal(0)
        open_total = sum(self.invoice_ids.mapped("amount_residual")) + sum(
            self.sale_order_ids.mapped("amount_total")
        )
        places = currency.decimal_places
        return write_off(
            Decimal(float_repr(line.amount, places)),
            Decimal(float_repr(open_total, places)),
            journal._get_payment_tolerance(),
        )

    def _book_on_receivable(self, suspense, account, partner):
        """Move the suspense item to the customer's receivable, booking off a difference.

        With a difference the receivable item takes the open amount and a second item
        on the journal's payment difference account takes the rest (a debit when the
        customer paid less, a credit when more), in the statement line's own entry: undoing
        the reconciliation rebuilds that entry and drops both, as Odoo does with its own
        write-offs.
        """
        self.ensure_one()
        difference = float(self._payment_difference())
        if not difference:
            suspense.with_context(skip_account_move_synchronization=True).write(
                {"account_id": account.id, "partner_id": partner.id}
            )
            return
        line = self.statement_line_id
        ratio = suspense.balance / suspense.amount_currency if suspense.amount_currency else 1.0
        balance = line.company_currency_id.round(difference * ratio)
        line.move_id.with_context(
            skip_account_move_synchronization=True, skip_readonly_check=True
        ).write(
            {
                "line_ids": [
                    Command.update(
                        suspense.id,
                        {
                            "account_id": account.id,
                            "partner_id": partner.id,
                            "amount_currency": suspense.amount_currency - difference,
                            "balance": suspense.balance - balance,
                        },
                    ),
                    Command.create(
                        {
                            "name": self.env._(
                                "Payment difference %(references)s", references=self.references
                            ),
                            "account_id": line.journal_id.payment_writeoff_account_id.id,
                            "partner_id": partner.id,
                            "currency_id": suspense.currency_id.id,
                            "amount_currency": difference,
                            "balance": balance,
                        }
                    ),
                ]
            }
        )

    def _confirm_one(self, auto):
        self.ensure_one()
        line = self.statement_line_id
        if self.state != "proposed":
            raise UserError(self.env._("Only proposed matches can be confirmed."))
        if line.payment_matched or line.is_reconciled:
            raise UserError(
                self.env._(
                    "The statement line %(line)s is already matched.", line=line.display_name
                )
            )
        invoices = self.invoice_ids
        orders = self.sale_order_ids
        if any(
            invoice.state != "posted" or invoice.payment_state == "paid" for invoice in invoices
        ):
            raise UserError(self.env._("An invoice of this proposal is no longer open."))
        if any(
            order.state not in ("draft", "sent") or order.prepayment_state != "awaiting"
            for order in orders
        ):
            raise UserError(self.env._("An order of this proposal is no longer awaiting payment."))
        partner = self.partner_id.commercial_partner_id
        if not line.partner_id:
            line.partner_id = partner
        receivables = invoices.line_ids.filtered(
            lambda aml: aml.account_type == "asset_receivable" and not aml.reconciled
        )
        account = receivables.account_id[:1]
        account = account or partner.with_company(line.company_id).property_account_receivable_id
        if not account:
            raise UserError(
                self.env._(
                    "The customer %(partner)s has no receivable account.", partner=partner.name
                )
            )
        _liquidity, suspense, _other = line.with_context(
            skip_account_move_synchronization=True
        )._seek_for_lines()
        if len(suspense) != 1:
            raise UserError(
                self.env._(
                    "The statement line %(line)s has no open suspense item to match.",
                    line=line.display_name,
                )
            )
        # The suspense item becomes the customer's payment on the receivable account:
        # invoices reconcile with it now, later invoices of an order reconcile with it as
        # an advance.
        self._book_on_receivable(suspense, account, partner)
        if receivables:
            (suspense + receivables).reconcile()
        self.write(
            {
                "state": "confirmed",
                "decided_by": self.env.uid,
                "decided_at": fields.Datetime.now(),
                "auto_confirmed": auto,
            }
        )
        if orders:
            orders.write({"prepayment_statement_line_id": line.id})
            # Releasing confirms the orders and creates their deliveries: consequences of
            # the confirmed payment that a matcher (an invoicing user) may not hold the
            # sales and inventory rights for.
            orders.sudo()._order_release_payment()
        (line.payment_match_proposal_ids - self).filtered(lambda p: p.state == "proposed").unlink()
        message = (
            self.env._("Confirmed automatically (score %(score)s).", score=self.score)
            if auto
            else self.env._("Confirmed by %(user)s.", user=self.env.user.name)
        )
        self.message_post(body=message)
