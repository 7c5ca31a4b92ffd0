import base64

from odoo import fields, models
from odoo.exceptions import UserError

from clearhouse.errors import InputError
from clearhouse.payments import PARSERS, PROFILES, parse_statement_csv, with_fee_lines

from ..tools.error_messages import render_booking_error, render_error


class PaymentStatementImportWizard(models.TransientModel):
    _name = "payment.statement.import.wizard"
    _description = "Import Bank Statement"

    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        domain="[('type', '=', 'bank')]",
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "in", self.env.companies.ids)], limit=1
        ),
    )
    data_file = fields.Binary(string="Statement File")
    filename = fields.Char()
    file_format = fields.Selection(
        [
            ("camt053", "CAMT.053 (XML or zip)"),
            ("mt940", "MT940"),
            ("csv", "CSV (bank export)"),
            ("paypal_csv", "PayPal CSV"),
        ],
        string="Format",
        required=True,
        default="camt053",
    )
    csv_profile = fields.Selection(
        selection=lambda self: [(code, code) for code in PROFILES],
        string="CSV Profile",
    )
    csv_profile_id = fields.Many2one(
        "payment.csv.profile",
        string="Custom CSV Profile",
        help="A profile of your own, used instead of the built-in one.",
    )
    find_matches = fields.Boolean(
        default=True, help="Propose open invoices and orders for the imported lines."
    )

    def action_import(self):
        """Import the statement; bookings imported before are skipped."""
        self.ensure_one()
        self.env["account.bank.statement.line"]._check_payment_matcher()
        if not self.data_file:
            raise UserError(self.env._("Choose the statement file to import."))
        return self._import_result(self._parse_statement())

    def _import_result(self, result):
        """Create the new lines of a parsed statement, propose matches, report."""
        self.ensure_one()
        vals_list, counts = self._prepare_statement_line_vals(result)
        lines = self.env["account.bank.statement.line"].create(vals_list)
        if self.find_matches and lines:
            lines._propose_matches()
        return self._apply_import_result(result, lines, counts)

    def _parse_statement(self):
        data = base64.b64decode(self.data_file or b"")
        try:
            if self.file_format == "csv":
                if self.csv_profile_id:
                    return parse_statement_csv(data, self.csv_profile_id._to_core_profile())
                if not self.csv_profile:
                    raise UserError(self.env._("Choose the CSV profile of the bank export."))
                return parse_statement_csv(data, self.csv_profile)
            return PARSERS[self.file_format](data)
        except InputError as exc:
            # Kept out of the _() call: Babel's extractor (2.10) cannot evaluate f-strings
            # there and would drop every later term of this file from the .pot.
            member = f", {exc.params['member']}" if exc.params.get("member") else ""
            raise UserError(
                self.env._(
                    "The file %(file)s cannot be imported (line %(line)s%(member)s): "
                    "%(message)s\nNothing was imported.",
                    file=self.filename or "",
                    line=exc.line or "?",
                    member=member,
                    message=render_error(self.env, exc),
                )
            ) from None

    def _prepare_statement_line_vals(self, result):
        """Values of the new statement lines, and counts of the bookings left out.

        Bookings imported before and bookings in another currency than the journal's
        (a PayPal account holds several) are counted, not imported. A PayPal fee becomes
        a line of its own after its transaction, booked to the journal's fee account.
        """
        journal = self.journal_id
        currency = journal.currency_id or journal.company_id.currency_id
        core_lines = with_fee_lines(result.lines)
        ids = [line.transaction_id for line in core_lines]
        existing = {
            row["clearhouse_import_id"]
            for row in self.env["account.bank.statement.line"].search_read(
                [("journal_id", "=", journal.id), ("clearhouse_import_id", "in", ids)],
                ["clearhouse_import_id"],
            )
        }
        vals_list = []
        known = foreign = 0
        for line in core_lines:
            if line.transaction_id in existing:
                known += not line.fee_for
                continue
            if line.currency and line.currency != currency.name:
                foreign += not line.fee_for
                continue
            existing.add(line.transaction_id)
            vals = {
                "journal_id": journal.id,
                "date": line.date,
                "amount": float(line.amount),
                "payment_ref": line.remittance or line.booking_text or "/",
                "partner_name": line.payer_name or False,
                "account_number": line.payer_iban or False,
                "clearhouse_import_id": line.transaction_id,
            }
            if line.fee_for:
                vals.update(self._prepare_fee_line_vals(line))
            vals_list.append(vals)
        return vals_list, {"known": known, "foreign": foreign}

    def _prepare_fee_line_vals(self, line):
        """A fee line's label, in the company's language (it is a booking text of the
        books, the same for whoever imports), and its counterpart: the fee account."""
        journal = self.journal_id
        lang = journal.company_id.partner_id.lang or self.env.lang
        vals = {
            "payment_fee": True,
            "partner_name": "PayPal",
            "payment_ref": self.with_context(lang=lang).env._(
                "PayPal fee %(transaction)s", transaction=line.fee_for
            ),
        }
        if journal.payment_fee_account_id:
            vals["counterpart_account_id"] = journal.payment_fee_account_id.id
        return vals

    def _apply_import_result(self, result, lines, counts):
        fees = lines.filtered("payment_fee")
        message = self.env._(
            "%(new)s lines imported, %(known)s already imported, %(errors)s unreadable, "
            "%(skipped)s skipped (pending or not completed), %(foreign)s in another currency.",
            new=len(lines - fees),
            known=counts["known"],
            foreign=counts["foreign"],
            errors=len(result.errors),
            skipped=result.skipped,
        )
        if fees and self.journal_id.payment_fee_account_id:
            message += " " + self.env._("%(fees)s PayPal fees booked.", fees=len(fees))
        elif fees:
            message += " " + self.env._(
                "%(fees)s PayPal fee lines wait in the suspense account until the journal has "
                "a PayPal fee account.",
                fees=len(fees),
            )
        if result.errors:
            message += "\n" + "\n".join(
                render_booking_error(self.env, error) for error in result.errors[:10]
            )
            if len(result.errors) > 10:
                message += "\n" + self.env._(
                    "... and %(count)s more.", count=len(result.errors) - 10
                )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Statement %(file)s", file=self.filename or ""),
                "message": message,
                "type": "warning" if result.errors else "success",
                "sticky": bool(result.errors),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
