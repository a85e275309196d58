from odoo import fields, models
from odoo.tools import SQL


class CrmSmbTargetReport(models.Model):
    """Targets and what was reached (目标完成情况), in company currency, ranked within the month.

    *Sales*: confirmed orders of the month (by order date), untaxed, of the salesperson or of the
    team. *Collected*: money received in the month on their invoices, less refunds paid back —
    the definition of the collection analysis. The completion rate of a group is the ratio of
    its sums; the rank orders the salespeople (or the teams) of a month by sales completion.
    """

    _name = "crm.smb.target.report"
    _description = "Target Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "crm.smb.target": [
            "target_type",
            "user_id",
            "team_id",
            "date_start",
            "company_id",
            "sales_target",
            "collection_target",
        ],
        "sale.order": [
            "state",
            "date_order",
            "user_id",
            "team_id",
            "amount_untaxed",
            "currency_rate",
            "company_id",
        ],
    }
    _xlsx_fields = (
        "date_start",
        "target_type",
        "user_id",
        "team_id",
        "sales_target",
        "sales_amount",
        "sales_rate",
        "collection_target",
        "collected_amount",
        "collection_rate",
        "rank",
    )
    _order = "date_start desc, target_type, rank, id"
    _ratio_fields = {
        "sales_rate": ("sales_amount", "sales_target"),
        "collection_rate": ("collected_amount", "collection_target"),
    }

    target_id = fields.Many2one("crm.smb.target", readonly=True)
    target_type = fields.Selection(
        [("user", "Salesperson"), ("team", "Sales Team")], string="Target Of", readonly=True
    )
    date_start = fields.Date(string="Month", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    sales_target = fields.Monetary(readonly=True, aggregator="sum")
    sales_amount = fields.Monetary(string="Sales", readonly=True, aggregator="sum")
    sales_rate = fields.Float(string="Sales Completion (%)", readonly=True, aggregator="avg")
    collection_target = fields.Monetary(readonly=True, aggregator="sum")
    collected_amount = fields.Monetary(string="Collected", readonly=True, aggregator="sum")
    collection_rate = fields.Float(string="Collection Completion (%)", readonly=True, aggregator="avg")
    rank = fields.Integer(readonly=True, aggregator="min", help="Rank by sales completion in the month.")

    @property
    def _table_query(self):
        collections = self.env["crm.smb.collection.period.report"]._table_query
        return SQL(
            """
            WITH target AS (
                SELECT t.id, t.target_type, t.user_id, t.team_id, t.company_id, t.date_start,
                       (t.date_start + INTERVAL '1 month')::date AS date_end,
                       COALESCE(t.sales_target, 0) AS sales_target,
                       COALESCE(t.collection_target, 0) AS collection_target,
                       c.currency_id
                  FROM crm_smb_target t
                  JOIN res_company c ON c.id = t.company_id
            ), sales AS (
                SELECT target.id, SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
                  FROM target
                  JOIN sale_order so
                    ON so.company_id = target.company_id
                   AND so.state = 'sale'
                   AND so.date_order >= target.date_start AND so.date_order < target.date_end
                   AND ((target.target_type = 'user' AND so.user_id = target.user_id)
                        OR (target.target_type = 'team' AND so.team_id = target.team_id))
                 GROUP BY target.id
            ), collected AS (
                SELECT target.id, SUM(cp.amount_collected) AS amount
                  FROM target
                  JOIN (%(collections)s) cp
                    ON cp.company_id = target.company_id
                   AND cp.kind = 'collected'
                   AND cp.date >= target.date_start AND cp.date < target.date_end
                   AND ((target.target_type = 'user' AND cp.user_id = target.user_id)
                        OR (target.target_type = 'team' AND cp.team_id = target.team_id))
                 GROUP BY target.id
            ), reached AS (
                SELECT target.*, COALESCE(sales.amount, 0) AS sales_amount,
                       COALESCE(collected.amount, 0) AS collected_amount
                  FROM target
             LEFT JOIN sales ON sales.id = target.id
             LEFT JOIN collected ON collected.id = target.id
            )
            SELECT id, id AS target_id, target_type, user_id, team_id, company_id, currency_id,
                   date_start, sales_target, sales_amount, collection_target, collected_amount,
                   CASE WHEN sales_target > 0 THEN 100.0 * sales_amount / sales_target ELSE 0 END
                       AS sales_rate,
                   CASE WHEN collection_target > 0
                        THEN 100.0 * collected_amount / collection_target ELSE 0 END AS collection_rate,
                   RANK() OVER (
                       PARTITION BY company_id, date_start, target_type
                       ORDER BY CASE WHEN sales_target > 0 THEN sales_amount / sales_target ELSE 0 END DESC
                   ) AS rank
              FROM reached
            """,
            collections=collections,
        )
