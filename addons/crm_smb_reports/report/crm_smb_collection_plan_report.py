from odoo import fields, models
from odoo.tools import SQL


class CrmSmbCollectionPlanReport(models.Model):
    """Collection plan vs actual (回款计划完成情况), in company currency.

    One row per instalment still planned (cancelled ones left out), on its planned date:
    *Planned*, *Collected* (the money allocated to it from the order's invoices), *Outstanding*,
    *Overdue* (outstanding past the planned date) and the *Completion Rate* of a group —
    collected / planned of its sums, not an average of its rows.
    """

    _name = "crm.smb.collection.plan.report"
    _description = "Collection Plan vs Actual"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "crm.smb.collection.plan": [
            "order_id",
            "partner_id",
            "user_id",
            "team_id",
            "company_id",
            "date_planned",
            "amount_company",
            "amount_collected_company",
            "state",
        ],
    }
    _xlsx_fields = (
        "date_planned",
        "partner_id",
        "order_id",
        "user_id",
        "amount_planned",
        "amount_collected",
        "amount_outstanding",
        "amount_overdue",
        "state",
    )
    _order = "date_planned desc, id desc"
    _ratio_fields = {"completion_rate": ("amount_collected", "amount_planned")}

    plan_id = fields.Many2one("crm.smb.collection.plan", string="Instalment", readonly=True)
    date_planned = fields.Date(string="Planned Date", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    state = fields.Selection(
        [
            ("pending", "To Collect"),
            ("partial", "Partly Collected"),
            ("paid", "Collected"),
            ("overdue", "Overdue"),
        ],
        string="Status",
        readonly=True,
    )
    amount_planned = fields.Monetary(string="Planned", readonly=True, aggregator="sum")
    amount_collected = fields.Monetary(string="Collected", readonly=True, aggregator="sum")
    amount_outstanding = fields.Monetary(string="Outstanding", readonly=True, aggregator="sum")
    amount_overdue = fields.Monetary(
        string="Overdue", readonly=True, aggregator="sum", help="Outstanding past its planned date."
    )
    completion_rate = fields.Float(
        string="Completion Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Collected divided by planned, in percent.",
    )

    def _select(self):
        return SQL(
            """
            SELECT p.id, p.id AS plan_id, p.date_planned, p.order_id, p.partner_id, p.user_id,
                   p.team_id, p.company_id, c.currency_id, p.state,
                   p.amount_company AS amount_planned,
                   p.amount_collected_company AS amount_collected,
                   p.amount_company - p.amount_collected_company AS amount_outstanding,
                   CASE WHEN p.state = 'overdue'
                        THEN p.amount_company - p.amount_collected_company ELSE 0 END AS amount_overdue,
                   CASE WHEN p.amount_company > 0
                        THEN 100.0 * p.amount_collected_company / p.amount_company ELSE 0 END
                       AS completion_rate
            """
        )

    def _from(self):
        return SQL("FROM crm_smb_collection_plan p JOIN res_company c ON c.id = p.company_id")

    def _where(self):
        return SQL("WHERE p.state != 'cancelled'")
