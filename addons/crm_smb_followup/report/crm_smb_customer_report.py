from odoo import fields, models
from odoo.tools import SQL


class CrmSmbCustomerReport(models.Model):
    """Customer development: one row per customer (a company or an individual, never a contact person).

    New customers per period, salesperson, source and level (by creation date), and where
    each stands in follow-up: last follow-up, next contact, days without a follow-up.
    """

    _name = "crm.smb.customer.report"
    _description = "Customer Development Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "res.partner": [
            "active",
            "parent_id",
            "followup_stage_id",
            "user_id",
            "source_id",
            "customer_level_id",
            "company_id",
            "pool_state",
            "last_followup_date",
            "next_contact_date",
        ],
        "crm.smb.followup": ["partner_id"],
    }
    _order = "create_date desc, id desc"
    _xlsx_fields = (
        "partner_id",
        "user_id",
        "source_id",
        "customer_level_id",
        "followup_stage_id",
        "create_date",
        "last_followup_date",
        "next_contact_date",
        "days_without_followup",
        "followup_count",
    )

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    customer_level_id = fields.Many2one("crm.smb.customer.level", readonly=True)
    followup_stage_id = fields.Many2one("crm.smb.followup.stage", string="Follow-up Stage", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    create_date = fields.Datetime(string="Created On", readonly=True)
    in_pool = fields.Boolean(string="In a Pool", readonly=True)
    customer_count = fields.Integer(string="# Customers", readonly=True, aggregator="sum")
    followup_count = fields.Integer(string="# Follow-ups", readonly=True, aggregator="sum")
    last_followup_date = fields.Datetime(string="Last Follow-up", readonly=True)
    next_contact_date = fields.Date(string="Next Contact", readonly=True)
    next_contact_overdue = fields.Boolean(readonly=True)
    overdue_count = fields.Integer(string="# Overdue Next Contact", readonly=True, aggregator="sum")
    days_without_followup = fields.Integer(
        string="Days without Follow-up",
        readonly=True,
        aggregator="avg",
        help="Days since the last follow-up, or since the customer was created when there is none.",
    )

    def _select(self):
        return SQL(
            """
                SELECT
                    p.id AS id,
                    p.id AS partner_id,
                    p.user_id AS user_id,
                    p.source_id AS source_id,
                    p.customer_level_id AS customer_level_id,
                    p.followup_stage_id AS followup_stage_id,
                    p.company_id AS company_id,
                    p.create_date AS create_date,
                    COALESCE(p.pool_state = 'pool', FALSE) AS in_pool,
                    1 AS customer_count,
                    (SELECT COUNT(*) FROM crm_smb_followup f WHERE f.partner_id = p.id) AS followup_count,
                    p.last_followup_date AS last_followup_date,
                    p.next_contact_date AS next_contact_date,
                    COALESCE(p.next_contact_date < CURRENT_DATE, FALSE) AS next_contact_overdue,
                    CASE WHEN p.next_contact_date < CURRENT_DATE THEN 1 ELSE 0 END AS overdue_count,
                    CURRENT_DATE - COALESCE(p.last_followup_date, p.create_date)::date
                        AS days_without_followup
            """
        )

    def _from(self):
        return SQL("FROM res_partner p")

    def _customer_condition(self):
        """Which partners are customers: a salesperson or a follow-up stage (modules that know
        other marks of a customer add them)."""
        return SQL("p.user_id IS NOT NULL OR p.followup_stage_id IS NOT NULL")

    def _where(self):
        return SQL(
            """
                WHERE p.active
                  AND p.parent_id IS NULL
                  AND (%s)
                  AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
            """,
            self._customer_condition(),
        )
