from odoo import fields, models
from odoo.tools import SQL


class CrmSmbPipelineReport(models.Model):
    """Pipeline by stage, win rate and lost reasons, over leads and opportunities (lost ones included).

    "Won (%)" is 100 for a won opportunity, 0 for a lost one and empty while it is open, so
    its average is the win rate of the closed ones.
    """

    _name = "crm.smb.pipeline.report"
    _description = "Pipeline Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "crm.lead": [
            "partner_id",
            "user_id",
            "team_id",
            "company_id",
            "stage_id",
            "type",
            "active",
            "probability",
            "lost_reason_id",
            "source_id",
            "date_closed",
            "expected_revenue",
            "prorated_revenue",
        ],
    }
    _order = "create_date desc, id desc"
    _xlsx_fields = (
        "lead_id",
        "partner_id",
        "user_id",
        "stage_id",
        "state",
        "lost_reason_id",
        "create_date",
        "date_closed",
        "expected_revenue",
        "prorated_revenue",
    )

    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    lead_type = fields.Selection(
        [("lead", "Lead"), ("opportunity", "Opportunity")], string="Type", readonly=True
    )
    state = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")], string="Status", readonly=True
    )
    lost_reason_id = fields.Many2one("crm.lost.reason", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    create_date = fields.Datetime(string="Created On", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    lead_count = fields.Integer(string="# Opportunities", readonly=True, aggregator="sum")
    won_count = fields.Integer(string="# Won", readonly=True, aggregator="sum")
    lost_count = fields.Integer(string="# Lost", readonly=True, aggregator="sum")
    win_rate = fields.Float(
        string="Win Rate (%)", readonly=True, aggregator="avg", help="Won among the won and lost ones."
    )
    expected_revenue = fields.Monetary(readonly=True, aggregator="sum")
    prorated_revenue = fields.Monetary(readonly=True, aggregator="sum")

    def _select(self):
        return SQL(
            """
                SELECT
                    l.id AS id,
                    l.id AS lead_id,
                    COALESCE(p.commercial_partner_id, l.partner_id) AS partner_id,
                    l.user_id AS user_id,
                    l.team_id AS team_id,
                    l.company_id AS company_id,
                    COALESCE(c.currency_id, (SELECT currency_id FROM res_company ORDER BY id LIMIT 1))
                        AS currency_id,
                    l.stage_id AS stage_id,
                    l.type AS lead_type,
                    CASE WHEN l.active AND l.probability = 100 THEN 'won'
                         WHEN NOT l.active AND l.probability = 0 THEN 'lost'
                         ELSE 'open' END AS state,
                    l.lost_reason_id AS lost_reason_id,
                    l.source_id AS source_id,
                    l.create_date AS create_date,
                    l.date_closed AS date_closed,
                    1 AS lead_count,
                    CASE WHEN l.active AND l.probability = 100 THEN 1 ELSE 0 END AS won_count,
                    CASE WHEN NOT l.active AND l.probability = 0 THEN 1 ELSE 0 END AS lost_count,
                    CASE WHEN l.active AND l.probability = 100 THEN 100.0
                         WHEN NOT l.active AND l.probability = 0 THEN 0.0 END AS win_rate,
                    l.expected_revenue AS expected_revenue,
                    l.prorated_revenue AS prorated_revenue
            """
        )

    def _from(self):
        return SQL(
            """
                FROM crm_lead l
                LEFT JOIN res_company c ON c.id = l.company_id
                LEFT JOIN res_partner p ON p.id = l.partner_id
            """
        )

    def _where(self):
        return SQL("WHERE l.active OR l.probability = 0")
