import datetime
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_repr

from clearhouse.payments import AUTO_CONFIRM_FLOOR, Tolerance, ToleranceError
from clearhouse.payments.paypal_api import PayPalClient, PayPalError

from ..tools.error_messages import render_error

MANAGER_GROUP = "payment_matching.payment_matching_group_manager"


class AccountJournal(models.Model):
    _inherit = "account.journal"

    payment_auto_confirm_threshold = fields.Integer(
        string="Auto-confirm Payment Matches from Score",
        default=0,
        help="Payment match proposals with at least this score (and no equally good rival) "
        "are confirmed without a human look. 0 switches auto-confirmation off; the matching "
        "core never auto-confirms below 90.",
    )

    payment_tolerance_amount = fields.Float(
        string="Payment Tolerance",
        digits="Account",
        default=0.0,
        help="A payment that differs from the open amount by at most this much (in the "
        "journal's currency, at most 10) still settles the invoice or order in full. The "
        "larger of this and the percentage applies; 0 and 0 % match exact amounts only.",
    )
    payment_tolerance_percent = fields.Float(
        string="Payment Tolerance (%)",
        digits=(5, 2),
        default=0.0,
        help="Percentage of the open amount (at most 5) by which a payment may differ and "
        "still settle the invoice or order in full.",
    )
    payment_writeoff_account_id = fields.Many2one(
        "account.account",
        string="Payment Difference Account",
        check_company=True,
        domain="[('deprecated', '=', False), "
        "('account_type', 'in', ('expense', 'income', 'income_other'))]",
        help="A difference within the tolerance is booked here when a match is confirmed, "
        "so the invoice or order is settled in full. Empty: the difference stays open on "
        "the customer's account (a residual of the invoice, or a credit of the customer).",
    )
    payment_fee_account_id = fields.Many2one(
        "account.account",
        string="PayPal Fee Account",
        check_company=True,
        domain="[('deprecated', '=', False), ('account_type', '=', 'expense')]",
        help="PayPal fees are imported as statement lines of their own next to the gross "
        "payment and booked to this expense account (e.g. SKR03 4970 / SKR04 6855, "
        "Nebenkosten des Geldverkehrs). Empty: fee lines wait in the suspense account and "
        "are booked when the account is set.",
    )

    paypal_client_id = fields.Char(string="PayPal Client ID", groups=MANAGER_GROUP, copy=False)
    paypal_secret = fields.Char(string="PayPal Secret", groups=MANAGER_GROUP, copy=False)
    paypal_sandbox = fields.Boolean(
        string="PayPal Sandbox", groups=MANAGER_GROUP, help="Use PayPal's sandbox for tests."
    )
    paypal_fetch_days = fields.Integer(
        string="PayPal Days to Fetch",
        default=3,
        help='How many days back "Fetch PayPal transactions" searches.',
    )

    @api.constrains("payment_auto_confirm_threshold")
    def _check_payment_auto_confirm_threshold(self):
        for journal in self:
            threshold = journal.payment_auto_confirm_threshold
            if threshold and not AUTO_CONFIRM_FLOOR <= threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "The auto-confirmation score must be 0 (off) or between %(floor)s and 100.",
                        floor=AUTO_CONFIRM_FLOOR,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("payment_fee_account_id"):
            # Fee lines imported before the account was set are booked now.
            self.env["account.bank.statement.line"].search(
                [
                    ("journal_id", "in", self.ids),
                    ("payment_fee", "=", True),
                    ("is_reconciled", "=", False),
                ]
            )._book_payment_fee()
        return result

    @api.constrains("payment_tolerance_amount", "payment_tolerance_percent")
    def _check_payment_tolerance(self):
        for journal in self:
            try:
                journal._get_payment_tolerance()
            except ToleranceError as exc:
                raise ValidationError(render_error(self.env, exc)) from None

    def _get_payment_tolerance(self):
        """The core ``Tolerance`` of this journal, in its currency's precision."""
        self.ensure_one()
        currency = self.currency_id or self.company_id.currency_id
        return Tolerance(
            amount=Decimal(float_repr(self.payment_tolerance_amount, currency.decimal_places)),
            percent=Decimal(float_repr(self.payment_tolerance_percent, 2)),
        )

    @api.constrains("paypal_fetch_days")
    def _check_paypal_fetch_days(self):
        if any(not 1 <= journal.paypal_fetch_days <= 365 for journal in self):
            raise ValidationError(self.env._("PayPal can be searched 1 to 365 days back."))

    def _get_paypal_client(self):
        """The core PayPal client of this journal's REST app."""
        self.ensure_one()
        # The credentials are readable by accounting managers only; payment matchers
        # fetch with them without seeing them.
        journal = self.sudo()
        if not (journal.paypal_client_id and journal.paypal_secret):
            raise UserError(
                self.env._(
                    "The journal %(journal)s has no PayPal API credentials.", journal=self.name
                )
            )
        return PayPalClient(
            journal.paypal_client_id, journal.paypal_secret, sandbox=journal.paypal_sandbox
        )

    def action_fetch_paypal_transactions(self):
        """Import the completed PayPal transactions of the last days, as a file would."""
        self.ensure_one()
        self.env["account.bank.statement.line"]._check_payment_matcher()
        self.check_access("read")
        return self._fetch_paypal_import()

    def _fetch_paypal_import(self):
        self.ensure_one()
        end = fields.Datetime.now()
        start = end - datetime.timedelta(days=self.paypal_fetch_days or 3)
        try:
            result = self._get_paypal_client().transactions(start, end)
        except PayPalError as exc:
            raise UserError(
                self.env._(
                    "PayPal could not be read (%(hint)s): %(message)s",
                    hint=self.env._("try again later")
                    if exc.retryable
                    else self.env._("check the credentials"),
                    message=render_error(self.env, exc),
                )
            ) from None
        wizard = self.env["payment.statement.import.wizard"].create(
            {"journal_id": self.id, "filename": "PayPal API", "data_file": False}
        )
        return wizard._import_result(result)

    @api.model
    def _cron_fetch_paypal_transactions(self):
        """Import the PayPal transactions of every journal with API credentials.

        Transactions imported before are skipped by their id, so the overlapping
        windows of consecutive runs import nothing twice. A journal PayPal refuses is
        noted on its chatter; the others go on.
        """
        # sudo: the credentials are manager-only fields; the job runs for everyone.
        journals = self.sudo().search(
            [("paypal_client_id", "!=", False), ("paypal_secret", "!=", False)]
        )
        for journal in journals:
            try:
                with self.env.cr.savepoint():
                    journal.with_company(journal.company_id)._fetch_paypal_import()
            except UserError as exc:
                journal.message_post(
                    body=self.env._(
                        "Fetching PayPal transactions failed: %(error)s",
                        error=exc.args[0] if exc.args else str(exc),
                    )
                )
        return True
