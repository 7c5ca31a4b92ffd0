from odoo import fields, models, tools
from odoo.tools import SQL

from clearhouse.clearing import queue as core_queue

AGE_BUCKETS = [(bucket.key, bucket.label) for bucket in core_queue.AGE_BUCKETS]


class ClearingBacklogReport(models.Model):
    """Live backlog of orders in clearing, with age buckets computed by the database."""

    _name = "clearing.backlog.report"
    _description = "Clearing Backlog"
    _auto = False
    _order = "entered_at"

    order_id = fields.Many2one("sale.order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    source_id = fields.Many2one("clearhouse.order.source", string="Source", readonly=True)
    reason_id = fields.Many2one("clearing.reason", readonly=True)
    team_id = fields.Many2one("clearing.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Clerk", readonly=True)
    clearing_state = fields.Selection(
        [("in_clearing", "In Clearing"), ("in_progress", "Being Worked On")], readonly=True
    )
    entered_at = fields.Datetime(readonly=True)
    deadline = fields.Date(string="Source Deadline", readonly=True)
    due_at = fields.Datetime(
        string="Due",
        readonly=True,
        help="The case's own deadline: the source's deadline or the reason's service time "
        "after it entered, whichever comes first.",
    )
    overdue = fields.Boolean(string="Past Due", readonly=True)
    overdue_count = fields.Integer(string="Past Due Cases", readonly=True)
    age_hours = fields.Float(
        string="Hours in Clearing",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Time in clearing so far, earlier stays of the same order included.",
    )
    age_bucket = fields.Selection(AGE_BUCKETS, readonly=True)
    order_count = fields.Integer(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT so.id AS id,
                           so.id AS order_id,
                           so.company_id,
                           so.order_source_id AS source_id,
                           so.clearing_reason_id AS reason_id,
                           so.clearing_team_id AS team_id,
                           so.clearing_user_id AS user_id,
                           so.clearing_state,
                           so.clearing_entered_at AS entered_at,
                           so.clearing_deadline AS deadline,
                           due.due_at,
                           COALESCE(due.due_at < utc.now, FALSE) AS overdue,
                           CASE WHEN due.due_at < utc.now THEN 1 ELSE 0 END AS overdue_count,
                           COALESCE(so.clearing_hours_total, 0)
                               + EXTRACT(EPOCH FROM (utc.now - so.clearing_entered_at))
                               / 3600.0 AS age_hours,
                           %s AS age_bucket,
                           1 AS order_count
                      FROM sale_order so
                     CROSS JOIN (SELECT now() at time zone 'utc' AS now) utc
                      LEFT JOIN clearing_reason cr ON cr.id = so.clearing_reason_id
                      JOIN res_company rc ON rc.id = so.company_id
                      JOIN res_partner rcp ON rcp.id = rc.partner_id
                     CROSS JOIN LATERAL (
                         -- clearhouse.clearing.queue.case_deadline: the end of the
                         -- deadline day in the company's zone, or the service time.
                         SELECT LEAST(
                                    ((so.clearing_deadline + time '23:59:59')
                                        AT TIME ZONE COALESCE(rcp.tz, 'UTC'))
                                        AT TIME ZONE 'UTC',
                                    CASE WHEN cr.service_hours > 0
                                         THEN so.clearing_entered_at
                                              + cr.service_hours * interval '1 hour'
                                    END
                                ) AS due_at
                     ) due
                     WHERE so.clearing_state IN ('in_clearing', 'in_progress')
                )
                """,
                SQL.identifier(self._table),
                self._age_bucket_sql(),
            )
        )

    def _age_bucket_sql(self):
        """The core's age buckets (``clearhouse.clearing.queue.bucket``) as a CASE."""
        limits, last = core_queue.age_bucket_thresholds()
        return SQL(
            "CASE %s ELSE %s END",
            SQL(" ").join(
                SQL(
                    "WHEN so.clearing_entered_at > utc.now - %s * interval '1 hour' THEN %s",
                    hours,
                    key,
                )
                for key, hours in limits
            ),
            last,
        )
