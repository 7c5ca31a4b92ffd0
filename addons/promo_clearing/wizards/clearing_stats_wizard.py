import base64
import io
from collections import Counter
from datetime import timedelta

import xlsxwriter

from odoo import api, fields, models

from clearhouse.clearing import queue as core_queue


class ClearingStatsWizard(models.TransientModel):
    """Team-lead dashboard: backlog, time in clearing, forecast against the deadline."""

    _name = "clearing.stats.wizard"
    _description = "Clearing Dashboard"

    source_id = fields.Many2one("clearhouse.order.source", string="Source")
    date_from = fields.Date(default=lambda self: fields.Date.today() - timedelta(days=13))
    date_to = fields.Date(default=fields.Date.today)
    backlog = fields.Integer(compute="_compute_stats", string="Orders in Clearing")
    avg_hours = fields.Float(compute="_compute_stats", string="Average Hours in Clearing")
    p90_hours = fields.Float(compute="_compute_stats", string="90th Percentile (Hours)")
    cleared_per_day = fields.Float(compute="_compute_stats", string="Cleared per Day")
    arrivals_per_day = fields.Float(compute="_compute_stats", string="Arrivals per Day")
    forecast_text = fields.Char(compute="_compute_stats", string="Forecast")

    def _episode_domain(self):
        domain = [
            ("left_at", ">=", fields.Datetime.to_datetime(self.date_from)),
            ("left_at", "<", fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)),
            ("outcome", "=", "released"),
        ]
        if self.source_id:
            domain.append(("source_id", "=", self.source_id.id))
        return domain

    def _collect(self):
        """Figures for the form and the export, from grouped queries: the backlog as
        counts per (reason, source, age bucket), the time in clearing as aggregates,
        never the records."""
        self.ensure_one()
        self.env.flush_all()  # the backlog is an SQL view over sale_order
        # The report holds only open orders; repeating its condition here would make
        # PostgreSQL count it twice (2 % x 2 %) and read the backlog row by row.
        backlog_domain = []
        entered_domain = [
            ("entered_at", ">=", fields.Datetime.to_datetime(self.date_from)),
            ("entered_at", "<", fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)),
        ]
        if self.source_id:
            backlog_domain.append(("source_id", "=", self.source_id.id))
            entered_domain.append(("source_id", "=", self.source_id.id))
        backlog_groups = self.env["clearing.backlog.report"]._read_group(
            backlog_domain, ["reason_id", "source_id", "age_bucket"], ["__count"]
        )
        episodes = self.env["clearing.episode"]
        stats = episodes._clearing_time_stats(self._episode_domain())
        per_day = Counter()
        for day, count in episodes._read_group(
            self._episode_domain(), ["left_at:day"], ["__count"]
        ):
            per_day[fields.Date.to_date(day)] = count
        arrivals = episodes.search_count(entered_domain)
        days = max((self.date_to - self.date_from).days + 1, 1)
        return backlog_groups, stats, per_day, arrivals / days, days

    @api.depends("source_id", "date_from", "date_to")
    def _compute_stats(self):
        for wizard in self:
            if not (wizard.date_from and wizard.date_to):
                wizard.update(
                    dict.fromkeys(
                        (
                            "backlog",
                            "avg_hours",
                            "p90_hours",
                            "cleared_per_day",
                            "arrivals_per_day",
                        ),
                        0,
                    )
                )
                wizard.forecast_text = False
                continue
            backlog_groups, stats, per_day, arrivals_per_day, days = wizard._collect()
            backlog = sum(count for *_keys, count in backlog_groups)
            cleared = sum(per_day.values()) / days
            wizard.backlog = backlog
            wizard.avg_hours = stats.average_hours or 0.0
            wizard.p90_hours = stats.p90_hours or 0.0
            wizard.cleared_per_day = cleared
            wizard.arrivals_per_day = arrivals_per_day
            wizard.forecast_text = wizard._forecast_text(backlog, arrivals_per_day, cleared)

    def _forecast_text(self, backlog, arrivals, cleared):
        deadline = self.source_id.date_deadline
        if not deadline:
            return self.env._("Choose a source with an order deadline (a campaign) for a forecast.")
        days_left = (deadline - fields.Date.today()).days
        forecast = core_queue.forecast_backlog(backlog, arrivals, cleared, max(days_left, 0))
        if forecast.cleared_by_deadline:
            return self.env._(
                "Backlog cleared in about %(days)s days, before the deadline.",
                days=round(forecast.days_to_clear or 0.0, 1),
            )
        return self.env._(
            "At this pace %(left)s orders will still wait at the deadline.",
            left=round(forecast.backlog_at_deadline),
        )

    def action_refresh(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_export_xlsx(self):
        self.ensure_one()
        backlog_groups, _stats, per_day, arrivals_per_day, _days = self._collect()
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True})
        summary = book.add_worksheet(self.env._("Summary"))
        rows = [
            (self.env._("Orders in clearing"), self.backlog),
            (self.env._("Average hours in clearing"), self.avg_hours),
            (self.env._("90th percentile (hours)"), self.p90_hours),
            (self.env._("Cleared per day"), self.cleared_per_day),
            (self.env._("Arrivals per day"), arrivals_per_day),
            (self.env._("Forecast"), self.forecast_text or ""),
        ]
        for index, (label, value) in enumerate(rows):
            summary.write(index, 0, label, bold)
            summary.write(index, 1, value)
        sheet = book.add_worksheet(self.env._("Backlog"))
        for col, title in enumerate(
            (self.env._("Reason"), self.env._("Campaign"), self.env._("Age"), self.env._("Orders"))
        ):
            sheet.write(0, col, title, bold)
        buckets = dict(
            self.env["clearing.backlog.report"]
            ._fields["age_bucket"]
            ._description_selection(self.env)
        )
        groups = Counter()
        for reason, source, bucket, count in backlog_groups:
            groups[
                reason.display_name or "", source.display_name or "", buckets.get(bucket, "")
            ] += count
        for index, ((reason, campaign, bucket), count) in enumerate(sorted(groups.items()), 1):
            sheet.write_row(index, 0, (reason, campaign, bucket, count))
        daily = book.add_worksheet(self.env._("Cleared per Day"))
        daily.write_row(0, 0, (self.env._("Day"), self.env._("Cleared")), bold)
        for index, (day, count) in enumerate(sorted(per_day.items()), 1):
            daily.write_row(index, 0, (fields.Date.to_string(day), count))
        book.close()
        attachment = self.env["ir.attachment"].create(
            {
                "name": "clearing-dashboard.xlsx",
                "datas": base64.b64encode(buffer.getvalue()),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
