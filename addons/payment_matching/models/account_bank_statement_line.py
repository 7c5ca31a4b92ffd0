from collections import defaultdict
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import float_repr

from clearhouse.payments import (
    Candidate,
    StatementLine,
    auto_confirmable,
    build_index,
    propose,
)
from clearhouse.payments.types import INVOICE, ORDER

MATCHER_GROUP = "payment_matching.payment_matching_group_user"


def _iso(value):
    return value.isoformat()[:10] if value else ""


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    clearhouse_import_id = fields.Char(
        string="Import ID",
        index=True,
        copy=False,
        readonly=True,
        help="The bank's transaction id (or a stable hash of the booking) of an imported "
        "statement line; the same booking is never imported twice into a journal.",
    )
    payment_match_proposal_ids = fields.One2many(
        "payment.match.proposal", "statement_line_id", string="Match Proposals"
    )
    payment_matched = fields.Boolean(
        string="Payment Matched",
        compute="_compute_payment_matched",
        store=True,
        help="A match proposal of this line has been confirmed.",
    )
    payment_fee = fields.Boolean(
        string="PayPal Fee",
        copy=False,
        readonly=True,
        help="The fee PayPal kept from a transaction, imported as a line of its own and "
        "booked to the journal's PayPal fee account; never matched to a customer.",
    )

    _sql_constraints = [
        (
            "clearhouse_import_id_uniq",
            "UNIQUE(journal_id, clearhouse_import_id)",
            "This bank transaction has already been imported into the journal.",
        ),
    ]

    @api.depends("payment_match_proposal_ids.state")
    def _compute_payment_matched(self):
        for line in self:
            line.payment_matched = "confirmed" in line.payment_match_proposal_ids.mapped("state")

    def _book_payment_fee(self):
        """Book waiting PayPal fee lines to their journal's fee account, one write each."""
        lines = self.filtered(
            lambda line: line.payment_fee and line.journal_id.payment_fee_account_id
        )
        by_account = lines.grouped(lambda line: line.journal_id.payment_fee_account_id)
        for account, account_lines in by_account.items():
            suspense = self.env["account.move.line"].concat(
                *(line._seek_for_lines()[1] for line in account_lines)
            )
            suspense.with_context(skip_account_move_synchronization=True).write(
                {"account_id": account.id}
            )
        return True

    def _check_payment_matcher(self):
        if not self.env.user.has_group(MATCHER_GROUP):
            raise AccessError(self.env._("Only payment matchers may match payments."))

    def action_compute_proposals(self):
        """Button "Find Matches": propose open invoices and orders for these lines."""
        self._check_payment_matcher()
        self.check_access("write")
        proposals = self._propose_matches()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Find Matches"),
                "message": self.env._(
                    "%(proposals)s proposals for %(lines)s statement lines, %(confirmed)s "
                    "confirmed automatically.",
                    proposals=len(proposals),
                    lines=len(self),
                    confirmed=len(proposals.filtered("auto_confirmed")),
                ),
                "type": "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _propose_matches(self):
        """Propose open invoices and prepayment orders for these statement lines.

        Earlier proposals still waiting for a decision are replaced; lines already
        matched or reconciled, and PayPal fee lines, are left alone. Proposals the
        journal allows are confirmed at once. Returns the new proposals.
        """
        lines = self.filtered(
            lambda line: (
                not line.payment_matched
                and not line.payment_fee
                and not line.is_reconciled
                and line.currency_id.compare_amounts(line.amount, 0) > 0
            )
        )
        proposals = self.env["payment.match.proposal"]
        today = fields.Date.context_today(self)
        for company, company_lines in lines.grouped("company_id").items():
            index = build_index(company_lines._prepare_matching_candidates(company))
            for journal, journal_lines in company_lines.grouped("journal_id").items():
                results = propose(
                    journal_lines._prepare_matching_input(),
                    index,
                    tolerance=journal._get_payment_tolerance(),
                    now=today,
                )
                proposals |= journal_lines._apply_matching_result(results)
        return proposals

    def _prepare_matching_input(self):
        """The core's ``StatementLine``s, ``transaction_id`` being the record id."""
        return [
            StatementLine(
                transaction_id=str(line.id),
                date=_iso(line.date),
                amount=Decimal(float_repr(line.amount, line.currency_id.decimal_places)),
                currency=line.currency_id.name or "",
                remittance=line.payment_ref or "",
                payer_name=line.partner_name or line.partner_id.name or "",
                payer_iban=line.account_number or "",
            )
            for line in self
        ]

    @api.model
    def _payment_candidate_sources(self, company):
        """Where open items come from: kind, model, domain and the fields to read.

        ``amount`` is the field holding the open amount, ``partner`` the customer and
        ``date`` the order or invoice date; every source is read the same way.
        """
        return [
            {
                "kind": INVOICE,
                "model": "account.move",
                "domain": [
                    ("company_id", "=", company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("amount_residual", ">", 0),
                ],
                "amount": "amount_residual",
                "partner": "commercial_partner_id",
                "date": "invoice_date",
            },
            {
                "kind": ORDER,
                "model": "sale.order",
                "domain": [
                    ("company_id", "=", company.id),
                    ("state", "in", ("draft", "sent")),
                    ("prepayment_state", "=", "awaiting"),
                ],
                "amount": "amount_total",
                "partner": "partner_id",
                "date": "date_order",
            },
        ]

    @api.model
    def _prepare_matching_candidates(self, company):
        """Open customer invoices and prepayment orders of ``company``, read in bulk."""
        rows = []
        for source in self._payment_candidate_sources(company):
            fields_read = [
                "name",
                source["amount"],
                "currency_id",
                source["partner"],
                source["date"],
            ]
            for row in self.env[source["model"]].search_read(source["domain"], fields_read):
                rows.append((source, row))
        customers = self._matching_customers({row[source["partner"]][0] for source, row in rows})
        candidates = []
        for source, row in rows:
            commercial_id, name, partner_ibans = customers(row[source["partner"]][0])
            candidates.append(
                Candidate(
                    kind=source["kind"],
                    id=row["id"],
                    reference=row["name"],
                    amount_open=Decimal(str(row[source["amount"]])),
                    currency=row["currency_id"][1],
                    partner_name=name,
                    partner_ibans=partner_ibans,
                    date=_iso(row[source["date"]]),
                    partner_id=commercial_id,
                )
            )
        return candidates

    @api.model
    def _matching_customers(self, partner_ids):
        """A function partner id -> (commercial id, name, IBANs), from two bulk reads."""
        partners = {
            row["id"]: row
            for row in self.env["res.partner"].search_read(
                [("id", "in", list(partner_ids))], ["name", "commercial_partner_id"]
            )
        }
        commercial_ids = {row["commercial_partner_id"][0] for row in partners.values()}
        ibans = defaultdict(list)
        for row in self.env["res.partner.bank"].search_read(
            [("partner_id", "child_of", list(commercial_ids))], ["partner_id", "acc_number"]
        ):
            ibans[row["partner_id"][0]].append(row["acc_number"])

        def customer(partner_id):
            partner = partners.get(partner_id) or {}
            commercial_id = (partner.get("commercial_partner_id") or [partner_id])[0]
            name = (partners.get(commercial_id) or partner).get("name") or ""
            return commercial_id, name, tuple(ibans[commercial_id] + ibans[partner_id])

        return customer

    def _apply_matching_result(self, results):
        """Store the core's proposals (``results[i]`` for ``self[i]``), auto-confirm."""
        Proposal = self.env["payment.match.proposal"]
        Proposal.search(
            [("statement_line_id", "in", self.ids), ("state", "=", "proposed")]
        ).unlink()
        rejected = defaultdict(set)
        for row in Proposal.search_read(
            [("statement_line_id", "in", self.ids), ("state", "=", "rejected")],
            ["statement_line_id", "sale_order_ids", "invoice_ids"],
        ):
            rejected[row["statement_line_id"][0]].add(
                (frozenset(row["sale_order_ids"]), frozenset(row["invoice_ids"]))
            )
        vals_list = []
        auto = []
        for line, line_proposals in zip(self, results, strict=True):
            threshold = line.journal_id.payment_auto_confirm_threshold
            for rank, proposal in enumerate(line_proposals):
                vals = Proposal._prepare_proposal_vals(line, proposal, rank)
                key = (
                    frozenset(vals["sale_order_ids"][0][2]),
                    frozenset(vals["invoice_ids"][0][2]),
                )
                if key in rejected[line.id]:
                    continue
                if rank == 0 and threshold and auto_confirmable(proposal, threshold):
                    auto.append(len(vals_list))
                vals_list.append(vals)
        proposals = Proposal.create(vals_list)
        Proposal.browse([proposals[i].id for i in auto])._confirm(auto=True)
        return proposals
