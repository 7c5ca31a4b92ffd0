from odoo import api, fields, models
from odoo.exceptions import ValidationError

from clearhouse.payments import CsvProfile, ProfileError
from clearhouse.payments.csv_profiles import DEBIT_CREDIT, INDICATOR, SIGNED

from ..tools.error_messages import render_error

# Profile field -> core CsvProfile column field.
COLUMN_FIELDS = {
    "column_date": "date",
    "column_amount": "amount",
    "column_debit": "debit",
    "column_credit": "credit",
    "column_indicator": "indicator",
    "column_remittance": "remittance",
    "column_payer_name": "payer_name",
    "column_payer_iban": "payer_iban",
    "column_transaction_id": "transaction_id",
    "column_currency": "currency",
}
DELIMITERS = {"semicolon": ";", "comma": ",", "tab": "\t", "pipe": "|"}
COLUMN_HELP = "Header name of the column; several alternatives separated by |."


class PaymentCsvProfile(models.Model):
    _name = "payment.csv.profile"
    _description = "Bank CSV Profile"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    delimiter = fields.Selection(
        [
            ("semicolon", "Semicolon (;)"),
            ("comma", "Comma (,)"),
            ("tab", "Tab"),
            ("pipe", "Pipe (|)"),
        ],
        required=True,
        default="semicolon",
    )
    encoding = fields.Selection(
        [
            ("cp1252", "Windows-1252"),
            ("utf-8", "UTF-8"),
            ("iso-8859-1", "ISO-8859-1"),
            ("iso-8859-15", "ISO-8859-15"),
        ],
        required=True,
        default="cp1252",
    )
    decimal_separator = fields.Selection(
        [(",", "Comma (,)"), (".", "Point (.)")], required=True, default=","
    )
    thousands_separator = fields.Selection(
        [(".", "Point (.)"), (",", "Comma (,)"), ("'", "Apostrophe (')"), ("none", "None")],
        required=True,
        default=".",
    )
    date_format = fields.Char(
        required=True,
        default="%d.%m.%Y",
        help="Python strftime format of the date column, e.g. %d.%m.%Y or %Y-%m-%d.",
    )
    skip_rows = fields.Integer(
        string="Lines before Header", default=0, help="Lines above the header line to skip."
    )
    sign = fields.Selection(
        [
            (SIGNED, "Signed amount"),
            (DEBIT_CREDIT, "Separate debit and credit columns"),
            (INDICATOR, "Amount plus debit/credit indicator"),
        ],
        string="Sign Convention",
        required=True,
        default=SIGNED,
    )
    default_currency = fields.Char(
        default="EUR", size=3, help="Currency of rows without a currency column."
    )
    column_date = fields.Char(string="Date Column", required=True, help=COLUMN_HELP)
    column_amount = fields.Char(string="Amount Column", help=COLUMN_HELP)
    column_debit = fields.Char(string="Debit Column", help=COLUMN_HELP)
    column_credit = fields.Char(string="Credit Column", help=COLUMN_HELP)
    column_indicator = fields.Char(string="Debit/Credit Indicator Column", help=COLUMN_HELP)
    column_remittance = fields.Char(string="Remittance Column", help=COLUMN_HELP)
    column_payer_name = fields.Char(string="Payer Name Column", help=COLUMN_HELP)
    column_payer_iban = fields.Char(string="Payer IBAN Column", help=COLUMN_HELP)
    column_transaction_id = fields.Char(string="Transaction ID Column", help=COLUMN_HELP)
    column_currency = fields.Char(string="Currency Column", help=COLUMN_HELP)

    @api.constrains(
        "sign",
        "date_format",
        "default_currency",
        "delimiter",
        "skip_rows",
        "decimal_separator",
        "thousands_separator",
        *COLUMN_FIELDS,
    )
    def _check_core_profile(self):
        """The core decides whether a profile can read files; its error says why not."""
        for profile in self:
            try:
                profile._to_core_profile()
            except ProfileError as exc:
                raise ValidationError(
                    self.env._(
                        "The CSV profile %(name)s cannot be used: %(error)s",
                        name=profile.name,
                        error=render_error(self.env, exc),
                    )
                ) from None

    def _to_core_profile(self):
        """The core ``CsvProfile`` this record describes."""
        self.ensure_one()
        columns = {}
        for field_name, core_name in COLUMN_FIELDS.items():
            names = tuple(
                name.strip() for name in (self[field_name] or "").split("|") if name.strip()
            )
            if names:
                columns[core_name] = names
        thousands = "" if self.thousands_separator == "none" else self.thousands_separator
        return CsvProfile(
            name=self.name,
            columns=columns,
            delimiter=DELIMITERS[self.delimiter],
            encoding=self.encoding,
            decimal_separator=self.decimal_separator,
            thousands_separator=thousands,
            date_format=self.date_format,
            skip_rows=self.skip_rows,
            sign=self.sign,
            default_currency=(self.default_currency or "EUR").upper(),
        )
