from odoo import api, fields, models
from odoo.tools import SQL, index_exists

from clearhouse.clearing import queue as core_queue

RELEASED_INDEX = "clearing_episode_released_left_at_index"

from ..tools.clearing_messages import render_note


class ClearingEpisode(models.Model):
    """One stay of an order in clearing, kept for reporting (time in clearing, outcome)."""

    _name = "clearing.episode"
    _description = "Clearing Episode"
    _order = "entered_at desc, id desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    source_id = fields.Many2one(
        related="order_id.order_source_id", store=True, index=True, string="Source"
    )
    reason_id = fields.Many2one("clearing.reason", required=True, index=True)
    message = fields.Char(string="Note (Text)")
    message_parts = fields.Json(help="Codes and parameters of the note, rendered when read.")
    note = fields.Char(compute="_compute_note", help="Why the order entered, in your language.")
    entered_at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    left_at = fields.Datetime(index=True)
    duration_hours = fields.Float(
        compute="_compute_duration_hours", store=True, aggregator="avg", digits=(16, 2)
    )
    user_id = fields.Many2one("res.users", string="Closed By", index=True)
    outcome = fields.Selection([("released", "Released"), ("cancelled", "Cancelled")], index=True)

    @api.depends("message", "message_parts")
    @api.depends_context("lang")
    def _compute_note(self):
        for episode in self:
            episode.note = render_note(self.env.lang, episode.message_parts, episode.message)

    @api.depends("entered_at", "left_at")
    def _compute_duration_hours(self):
        for episode in self:
            if episode.entered_at and episode.left_at:
                delta = episode.left_at - episode.entered_at
                episode.duration_hours = delta.total_seconds() / 3600.0
            else:
                episode.duration_hours = 0.0

    def init(self):
        """The dashboard reads released stays by the day they ended: index-only."""
        result = super().init()
        if not index_exists(self.env.cr, RELEASED_INDEX):
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX %s ON clearing_episode (left_at) "
                    "INCLUDE (duration_hours, source_id, company_id) "
                    "WHERE outcome = 'released'",
                    SQL.identifier(RELEASED_INDEX),
                )
            )
        return result

    @api.model
    def _clearing_time_stats(self, domain):
        """``ClearingStats`` of the stays in ``domain``, aggregated by PostgreSQL.

        ``percentile_disc(0.9)`` is the core's nearest-rank percentile
        (``clearhouse.clearing.queue.percentile``): the smallest value with at least
        90 % of the values at or below it; a test checks both agree.
        """
        column = SQL.identifier(self._table, "duration_hours")
        self.env.cr.execute(
            self._search(domain).select(
                SQL("count(*)"),
                SQL("avg(%s)", column),
                SQL("percentile_disc(0.9) WITHIN GROUP (ORDER BY %s)", column),
            )
        )
        count, average, p90 = self.env.cr.fetchone()
        return core_queue.ClearingStats(
            count,
            float(average) if average is not None else None,
            float(p90) if p90 is not None else None,
        )
