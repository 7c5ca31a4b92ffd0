import base64
from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from clearhouse.desk.schedules import next_run_after, period_bounds
from clearhouse.spreadsheets import xlsx_table

REPORT_KINDS = [
    ("orders_status", "Orders by Status"),
    ("intake", "Order Intake by Day and Source"),
    ("changes", "Order Changes and Goodwill"),
    ("finance", "Finance by Product and Currency"),
]

# Per report kind: model, date field of the period, extra domain, group-bys, aggregates.
REPORT_SPECS = {
    "orders_status": (
        "sale.order",
        "date_order",
        [],
        ["state", "delivery_status"],
        ["__count", "amount_total:sum"],
    ),
    "intake": (
        "sale.order",
        "date_order",
        [],
        ["date_order:day", "order_source_id"],
        ["__count", "amount_total:sum"],
    ),
    "changes": (
        "service.desk.change",
        "create_date",
        [],
        ["kind", "reason_code"],
        ["__count", "amount:sum"],
    ),
    "finance": (
        "account.invoice.report",
        "invoice_date",
        [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")],
        ["product_id", "currency_id"],
        ["__count", "price_subtotal:sum", "price_total:sum"],
    ),
}


class ServiceDeskReportSchedule(models.Model):
    """A report mailed as XLSX at an interval, each period once."""

    _name = "service.desk.report.schedule"
    _description = "Scheduled Service Desk Report"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_ids = fields.Many2many("res.partner", string="Recipients", required=True)
    report = fields.Selection(REPORT_KINDS, required=True, default="orders_status")
    period = fields.Selection(
        [("day", "Last Day"), ("week", "Last Week"), ("month", "Last Month")],
        required=True,
        default="week",
        help="The span of data each mail reports on, ending before the run.",
    )
    interval = fields.Selection(
        [("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly")],
        required=True,
        default="weekly",
    )
    next_run = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    last_period_start = fields.Date(
        readonly=True, copy=False, help="Start of the last period mailed; never mailed twice."
    )

    def _report_lang(self):
        langs = set(self.partner_ids.mapped("lang"))
        if len(langs) == 1 and next(iter(langs)):
            return langs.pop()
        return self.company_id.partner_id.lang or "en_US"

    def _report_rows(self, start, end, lang):
        """Header and rows of the chosen report over [start, end), labels in ``lang``."""
        model_name, date_field, domain, groupby, aggregates = REPORT_SPECS[self.report]
        model = self.env[model_name].with_context(lang=lang).with_company(self.company_id)
        field = model._fields[date_field]
        if field.type == "datetime":
            lower = datetime.combine(start, time.min)
            upper = datetime.combine(end, time.min)
        else:
            lower, upper = start, end
        domain = [
            *domain,
            ("company_id", "=", self.company_id.id),
            (date_field, ">=", lower),
            (date_field, "<", upper),
        ]
        groups = model._read_group(domain, groupby, aggregates, order=", ".join(groupby))
        names = [spec.split(":")[0] for spec in groupby + aggregates]
        descriptions = model.fields_get([n for n in names if n != "__count"])
        header = [
            model.env._("Count") if n == "__count" else descriptions[n]["string"] for n in names
        ]
        selections = {
            n: dict(d["selection"]) for n, d in descriptions.items() if d["type"] == "selection"
        }
        rows = []
        for group in groups:
            row = []
            for name, value in zip(names, group, strict=True):
                if isinstance(value, models.BaseModel):
                    value = value.display_name or ""
                elif name in selections:
                    value = selections[name].get(value, value or "")
                elif isinstance(value, date):
                    value = format_date(model.env, value, lang_code=lang)
                elif value is False or value is None:
                    value = ""
                row.append(value)
            rows.append(row)
        return header, rows

    def _report_xlsx(self, start, end, lang):
        header, rows = self._report_rows(start, end, lang)
        return xlsx_table(self.name, header, rows, column_width=18)

    def _lock_row(self):
        """True if this transaction holds the row; a concurrent run skips it."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM service_desk_report_schedule WHERE id = %s FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        return bool(self.env.cr.fetchone())

    def _send_report(self, now):
        """Queue the mail of the last period and move the next run, in this transaction."""
        self.ensure_one()
        start, end = period_bounds(self.period, now.date())
        values = {"next_run": next_run_after(self.next_run, self.interval, now)}
        if self.last_period_start != start:
            lang = self._report_lang()
            env = self.with_context(lang=lang).env
            content = self._report_xlsx(start, end, lang)
            label = dict(self._fields["report"]._description_selection(env))[self.report]
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{self.name} {start.isoformat()}.xlsx",
                    "datas": base64.b64encode(content),
                    "mimetype": (
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    ),
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
            period_text = env._(
                "%(start)s to %(end)s",
                start=format_date(env, start, lang_code=lang),
                end=format_date(env, end - timedelta(days=1), lang_code=lang),
            )
            self.env["mail.mail"].create(
                {
                    "subject": f"{label}: {period_text}",
                    "body_html": env._(
                        "<p>Attached: %(report)s, %(period)s.</p>",
                        report=label,
                        period=period_text,
                    ),
                    "email_from": self.company_id.email_formatted or self.env.user.email_formatted,
                    "recipient_ids": [(6, 0, self.partner_ids.ids)],
                    "attachment_ids": [(6, 0, attachment.ids)],
                    "model": self._name,
                    "res_id": self.id,
                }
            )
            values["last_period_start"] = start
        self.write(values)

    @api.model
    def _cron_send_due(self):
        """Mail every due schedule once per period; the mail queue sends after commit."""
        now = fields.Datetime.now()
        for schedule in self.search([("next_run", "<=", now)]):
            if not schedule._lock_row():
                continue
            schedule.invalidate_recordset()
            if schedule.active and schedule.next_run <= now:
                schedule._send_report(now)
