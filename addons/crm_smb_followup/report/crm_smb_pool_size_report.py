from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_smb_pool import POOL_TYPES


class CrmSmbPoolSizeReport(models.Model):
    """How many records each pool held at the end of each day (the last 365 days).

    Counted back from today's contents through the pool history: a release, recycle or
    handover put a record in, a claim or an assignment took one out, a move between pools
    did both.
    """

    _name = "crm.smb.pool.size.report"
    _description = "Pool Size Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "crm.smb.pool.history": ["date", "pool_id", "from_pool_id", "action"],
        "crm.smb.pool": ["pool_type", "company_id", "active"],
        "res.partner": ["pool_id", "pool_state", "active"],
        "crm.lead": ["pool_id", "pool_state", "active"],
    }
    _order = "date desc, pool_id"
    _xlsx_fields = ("date", "pool_id", "pool_type", "size", "entered_count", "left_count")

    date = fields.Date(readonly=True)
    pool_id = fields.Many2one("crm.smb.pool", readonly=True)
    pool_type = fields.Selection(POOL_TYPES, string="Type", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    size = fields.Integer(
        string="Records in Pool",
        readonly=True,
        aggregator="avg",
        help="At the end of the day; grouped by week or month, the average of the days.",
    )
    entered_count = fields.Integer(string="# Entered", readonly=True, aggregator="sum")
    left_count = fields.Integer(string="# Left", readonly=True, aggregator="sum")

    def _with(self):
        return SQL(
            """
                WITH events AS (
                    SELECT h.date::date AS day, h.pool_id,
                           CASE WHEN h.action IN ('claim', 'assign') THEN -1 ELSE 1 END AS delta
                    FROM crm_smb_pool_history h
                    WHERE h.action IN ('claim', 'assign', 'release', 'recycle', 'handover')
                       OR (h.action = 'move' AND h.from_pool_id IS NOT NULL)
                    UNION ALL
                    SELECT h.date::date, h.from_pool_id, -1
                    FROM crm_smb_pool_history h
                    WHERE h.action = 'move' AND h.from_pool_id IS NOT NULL
                ),
                daily AS (
                    SELECT pool_id, day,
                           SUM(CASE WHEN delta > 0 THEN 1 ELSE 0 END) AS entered,
                           SUM(CASE WHEN delta < 0 THEN 1 ELSE 0 END) AS left_,
                           SUM(delta) AS net
                    FROM events WHERE pool_id IS NOT NULL GROUP BY pool_id, day
                ),
                today AS (
                    SELECT pool_id, COUNT(*) AS size FROM (
                        SELECT pool_id FROM res_partner WHERE pool_state = 'pool' AND active
                        UNION ALL
                        SELECT pool_id FROM crm_lead WHERE pool_state = 'pool' AND active
                    ) records GROUP BY pool_id
                ),
                series AS (
                    SELECT pool.id AS pool_id, pool.pool_type, pool.company_id, gs::date AS day
                    FROM crm_smb_pool pool
                    CROSS JOIN LATERAL generate_series(
                        GREATEST(
                            LEAST(
                                COALESCE((SELECT MIN(d.day) FROM daily d WHERE d.pool_id = pool.id),
                                         pool.create_date::date),
                                pool.create_date::date
                            ),
                            CURRENT_DATE - 365
                        ),
                        CURRENT_DATE,
                        INTERVAL '1 day'
                    ) gs
                    WHERE pool.active
                )
            """
        )

    def _select(self):
        return SQL(
            """
                SELECT
                    s.pool_id::bigint * 100000 + (s.day - DATE '2000-01-01') AS id,
                    s.day AS date,
                    s.pool_id AS pool_id,
                    s.pool_type AS pool_type,
                    s.company_id AS company_id,
                    COALESCE(t.size, 0) - COALESCE(SUM(d.net) OVER (
                        PARTITION BY s.pool_id ORDER BY s.day DESC
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                    ), 0) AS size,
                    COALESCE(d.entered, 0) AS entered_count,
                    COALESCE(d.left_, 0) AS left_count
            """
        )

    def _from(self):
        return SQL(
            """
                FROM series s
                LEFT JOIN daily d ON d.pool_id = s.pool_id AND d.day = s.day
                LEFT JOIN today t ON t.pool_id = s.pool_id
            """
        )
