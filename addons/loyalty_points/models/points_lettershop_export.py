import base64

from odoo import fields, models
from odoo.exceptions import UserError

from clearhouse.loyalty import lettershop
from clearhouse.spreadsheets import xlsx_table


class PointsLettershopExport(models.Model):
    """The letters of a voucher run for the lettershop: CSV (documented profile) and XLSX.

    Customers whose postal address is blocked get no letter; they are listed here.
    """

    _name = "points.lettershop.export"
    _description = "Loyalty Lettershop Export"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    run_id = fields.Many2one("points.run", required=True, index=True, ondelete="cascade")
    program_id = fields.Many2one(related="run_id.program_id", store=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    segment_id = fields.Many2one(
        "points.segment", help="Only letters to cards of this segment (its name is printed)."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Generated")], default="draft", required=True, tracking=True
    )
    profile = fields.Char(default=lettershop.PROFILE, readonly=True)
    csv_file = fields.Binary(string="CSV File", attachment=True, readonly=True)
    csv_filename = fields.Char()
    xlsx_file = fields.Binary(string="XLSX File", attachment=True, readonly=True)
    xlsx_filename = fields.Char()
    letter_count = fields.Integer(readonly=True)
    blocked_count = fields.Integer(readonly=True)
    blocked_partner_ids = fields.Many2many(
        "res.partner", string="Left Out (Address Blocked)", readonly=True
    )

    def _compute_name(self):
        for export in self:
            export.name = f"{export.run_id.name or ''} #{export.id or ''}"

    def action_generate(self):
        for export in self:
            export._export_generate()
        return True

    def _vouchers(self):
        domain = [("run_id", "=", self.run_id.id), ("state", "=", "open")]
        if self.segment_id:
            domain.append(("account_id", "in", self.segment_id._account_query()))
        return self.env["points.voucher"].search(domain, order="id")

    def _export_generate(self):
        vouchers = self._vouchers()
        if not vouchers:
            raise UserError(
                self.env._("Run %(run)s has no open vouchers to send.", run=self.run_id.name)
            )
        partners = vouchers.partner_id
        deliverable = partners.filtered_domain(partners._postal_deliverable_domain())
        blocked = partners - deliverable
        rows = [
            self._letter_row(voucher) for voucher in vouchers if voucher.partner_id in deliverable
        ]
        stem = f"lettershop-{self.run_id.kind}-{self.run_id.period}-{self.id}"
        self.write(
            {
                "csv_file": base64.b64encode(lettershop.write_csv(rows)),
                "csv_filename": f"{stem}.csv",
                "xlsx_file": base64.b64encode(self._xlsx(rows)),
                "xlsx_filename": f"{stem}.xlsx",
                "letter_count": len(rows),
                "blocked_count": len(blocked),
                "blocked_partner_ids": [fields.Command.set(blocked.ids)],
                "state": "done",
            }
        )

    def _letter_row(self, voucher):
        partner = voucher.partner_id
        return lettershop.LetterRow(
            salutation=partner.title.name or "",
            name=partner.name or "",
            company=partner.commercial_company_name
            if partner.commercial_company_name != partner.name
            else "",
            street=partner.street or "",
            street2=partner.street2 or "",
            zip=partner.zip or "",
            city=partner.city or "",
            country=partner.country_id.code or "",
            card_number=voucher.account_id.card_number,
            segment=self.segment_id.name or "",
            code=voucher.code,
            value=voucher.amount,
            currency=voucher.currency_id.name or "",
            valid_until=voucher.date_expiry,
            template=voucher.kind,
        )

    def _xlsx(self, rows):
        header, body = lettershop.table(rows)
        return xlsx_table("Lettershop", header, body)
