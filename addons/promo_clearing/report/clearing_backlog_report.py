from odoo import fields, models, tools
from odoo.tools import SQL

AGE_BUCKETS = [
    ("lt4h", "< 4 hours"),
    ("4_24h", "4-24 hours"),
    ("1_3d", "1-3 days"),
    ("gt3d", "> 3 days"),
]


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
    deadline = fields.Date(readonly=True)
    age_hours = fields.Float(readonly=True, aggregator="avg", digits=(16, 1))
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
                           EXTRACT(EPOCH FROM (utc.now - so.clearing_entered_at))
                               / 3600.0 AS age_hours,
                           CASE
                               WHEN so.clearing_entered_at > utc.now - interval '4 hours'
                                   THEN 'lt4h'
                               WHEN so.clearing_entered_at > utc.now - interval '24 hours'
                                   THEN '4_24h'
                               WHEN so.clearing_entered_at > utc.now - interval '3 days'
                                   THEN '1_3d'
                               ELSE 'gt3d'
                           END AS age_bucket,
                           1 AS order_count
                      FROM sale_order so
                     CROSS JOIN (SELECT now() at time zone 'utc' AS now) utc
                     WHERE so.clearing_state IN ('in_clearing', 'in_progress')
                )
                """,
                SQL.identifier(self._table),
            )
        )
