import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from clearhouse.loyalty.birthday import due_birthday, month_days
from clearhouse.loyalty.points import convert_threshold

_logger = logging.getLogger(__name__)


class PointsRun(models.Model):
    """A voucher run of a programme for one period: monthly threshold or daily birthday.

    Processed in chunks of accounts (by id) with one commit per chunk in the background,
    so a killed worker resumes where the last commit ended; vouchers carry
    ``UNIQUE(account, period, step)``, so nothing is ever issued twice for a period.
    """

    _name = "points.run"
    _description = "Loyalty Voucher Run"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    program_id = fields.Many2one("points.program", required=True, index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    kind = fields.Selection(
        [("threshold", "Points Threshold"), ("birthday", "Birthday")],
        default="threshold",
        required=True,
    )
    period = fields.Char(
        required=True,
        default=lambda self: fields.Date.context_today(self).strftime("%Y-%m"),
        help="Month (YYYY-MM) of a threshold run; day (YYYY-MM-DD) of a birthday run.",
    )
    segment_id = fields.Many2one("points.segment", help="Only the cards of this segment.")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    last_account_id = fields.Integer(readonly=True, help="Last account examined (resume point).")
    accounts_examined = fields.Integer(readonly=True)
    account_count = fields.Integer(string="Accounts Served", readonly=True)
    voucher_count = fields.Integer(compute="_compute_vouchers")
    voucher_value = fields.Monetary(compute="_compute_vouchers")
    voucher_ids = fields.One2many("points.voucher", "run_id", readonly=True)
    export_ids = fields.One2many("points.lettershop.export", "run_id", readonly=True)
    date_done = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(program_id, kind, period)",
            "There is already a run of this kind for the period.",
        ),
    ]

    @api.depends("kind", "period", "program_id")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for run in self:
            run.name = f"{run.program_id.name or ''} {labels.get(run.kind)} {run.period or ''}"

    def _compute_vouchers(self):
        rows = {
            run: (count, value)
            for run, count, value in self.env["points.voucher"]._read_group(
                [("run_id", "in", self.ids)], ["run_id"], ["__count", "amount:sum"]
            )
        }
        for run in self:
            run.voucher_count, run.voucher_value = rows.get(run, (0, 0.0))

    # ------------------------------------------------------------------ actions
    def action_queue(self):
        """Start now in the background (the cron commits per chunk)."""
        self.filtered(lambda r: r.state == "draft").write({"state": "queued"})
        self.env.ref("loyalty_points.ir_cron_process_runs")._trigger()
        return True

    @api.model
    def _cron_monthly(self):
        """Create this month's threshold run of each programme, then process queued runs."""
        period = fields.Date.context_today(self).strftime("%Y-%m")
        self._create_missing("threshold", period)
        return self._cron_process()

    @api.model
    def _cron_birthday(self):
        period = fields.Date.context_today(self).isoformat()
        self._create_missing("birthday", period)
        return self._cron_process()

    def _create_missing(self, kind, period):
        programs = self.env["points.program"].search([])
        existing = self.search(
            [("kind", "=", kind), ("period", "=", period), ("program_id", "in", programs.ids)]
        ).program_id
        self.create(
            [
                {"program_id": p.id, "kind": kind, "period": period, "state": "queued"}
                for p in programs - existing
            ]
        )

    @api.model
    def _cron_process(self):
        for run in self.search([("state", "in", ("queued", "running"))], order="id"):
            run._run_process(commit=True)
        return True

    # ------------------------------------------------------------------ engine
    def _run_process(self, commit=False):
        """Issue the run's vouchers chunk by chunk; ``commit`` after each (background only).

        Restartable: each chunk moves ``last_account_id`` in the same transaction as its
        vouchers, and the unique (account, period, step) forbids a second issue.
        """
        self.ensure_one()
        if self.state == "done":
            return self
        self.state = "running"
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        while True:
            upper, examined = self._chunk_upper()
            if not upper:
                break
            served = self._issue_chunk(self.last_account_id, upper)
            self.write(
                {
                    "last_account_id": upper,
                    "accounts_examined": self.accounts_examined + examined,
                    "account_count": self.account_count + served,
                }
            )
            if commit:
                # One chunk, one transaction: a killed worker resumes after it.
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        return self

    def _chunk_upper(self):
        """Highest account id of the next chunk (None when done) and the chunk's size."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM points_account WHERE program_id = %s AND active AND id > %s"
                " ORDER BY id LIMIT %s",
                self.program_id.id,
                self.last_account_id,
                self.program_id.run_chunk_size,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return (ids[-1] if ids else None), len(ids)

    def _segment_filter(self):
        if not self.segment_id:
            return SQL("TRUE")
        return SQL("a.id IN %s", self.segment_id._account_query().subselect())

    def _issue_chunk(self, lower, upper):
        if self.kind == "birthday":
            return self._issue_birthday_chunk(lower, upper)
        return self._issue_threshold_chunk(lower, upper)

    def _issue_threshold_chunk(self, lower, upper):
        program = self.program_id
        self.env.cr.execute(
            SQL(
                "SELECT a.id, a.partner_id, SUM(m.points) FROM points_account a"
                " JOIN points_move m ON m.account_id = a.id"
                " WHERE a.program_id = %s AND a.active AND a.id > %s AND a.id <= %s AND %s"
                " AND NOT EXISTS (SELECT 1 FROM points_voucher v"
                "   WHERE v.account_id = a.id AND v.period = %s)"
                " GROUP BY a.id HAVING SUM(m.points) >= %s",
                program.id,
                lower,
                upper,
                self._segment_filter(),
                self.period,
                program.threshold_points,
            )
        )
        rows = self.env.cr.fetchall()  # before anything else queries on this cursor
        expiry = fields.Date.context_today(self) + timedelta(days=program.voucher_validity_days)
        vouchers, moves = [], []
        for account_id, partner_id, balance in rows:
            conversion = convert_threshold(balance, program.threshold_points, program.voucher_value)
            moves.append(
                {
                    "account_id": account_id,
                    "kind": "convert",
                    "points": -conversion.points_used,
                    "run_id": self.id,
                }
            )
            vouchers += [
                {
                    "account_id": account_id,
                    "partner_id": partner_id,
                    "amount": program.voucher_value,
                    "kind": "threshold",
                    "date_expiry": expiry,
                    "run_id": self.id,
                    "period": self.period,
                    "step": step,
                }
                for step in range(1, conversion.steps + 1)
            ]
        self.env["points.voucher"].create(vouchers)
        self.env["points.move"].create(moves)
        return len(moves)

    def _birthday_day(self):
        try:
            return fields.Date.to_date(self.period)
        except ValueError as exc:
            raise UserError(
                self.env._("Run %(run)s: the period of a birthday run is a day.", run=self.name)
            ) from exc

    def _issue_birthday_chunk(self, lower, upper):
        program = self.program_id
        today = self._birthday_day()
        lead = program.birthday_lead_days
        days = sorted(f"{month:02d}-{day:02d}" for month, day in month_days(today, lead))
        self.env.cr.execute(
            SQL(
                "SELECT a.id, a.partner_id, a.birthdate FROM points_account a"
                " WHERE a.program_id = %s AND a.active AND a.id > %s AND a.id <= %s AND %s"
                " AND a.birthdate IS NOT NULL AND to_char(a.birthdate, 'MM-DD') = ANY(%s)"
                " AND (SELECT COALESCE(SUM(m.revenue), 0) FROM points_move m"
                "   WHERE m.account_id = a.id AND m.date > %s) >= %s",
                program.id,
                lower,
                upper,
                self._segment_filter(),
                days,
                today - timedelta(days=365),
                program.birthday_min_revenue,
            )
        )
        candidates = []
        for account_id, partner_id, birthdate in self.env.cr.fetchall():
            day = due_birthday(birthdate, today, lead)
            if day:
                candidates.append((account_id, partner_id, day, f"birthday-{day.year}"))
        if not candidates:
            return 0
        done = self.env["points.voucher"].search_read(
            [
                ("account_id", "in", [c[0] for c in candidates]),
                ("period", "in", list({c[3] for c in candidates})),
            ],
            ["account_id", "period"],
        )
        done = {(row["account_id"][0], row["period"]) for row in done}
        vouchers = [
            {
                "account_id": account_id,
                "partner_id": partner_id,
                "amount": program.birthday_value,
                "kind": "birthday",
                "date_expiry": day + timedelta(days=program.voucher_validity_days),
                "run_id": self.id,
                "period": period,
                "step": 1,
            }
            for account_id, partner_id, day, period in candidates
            if (account_id, period) not in done
        ]
        self.env["points.voucher"].create(vouchers)
        return len(vouchers)

    def action_export_lettershop(self):
        self.ensure_one()
        export = self.env["points.lettershop.export"].create({"run_id": self.id})
        export.action_generate()
        return {
            "type": "ir.actions.act_window",
            "res_model": export._name,
            "res_id": export.id,
            "view_mode": "form",
        }
