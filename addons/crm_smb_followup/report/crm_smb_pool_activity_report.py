from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_smb_pool import POOL_TYPES


class CrmSmbPoolActivityReport(models.Model):
    """Claims, assignments, releases and recycles per salesperson and pool, from the pool history.

    The salesperson is who received the record (claim, assignment) or who lost it (release,
    recycle, handover to a pool).
    """

    _name = "crm.smb.pool.activity.report"
    _description = "Pool Activity Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "crm.smb.pool.history": [
            "date",
            "pool_id",
            "pool_type",
            "action",
            "to_user_id",
            "from_user_id",
            "partner_id",
            "lead_id",
            "company_id",
            "holding_days",
        ],
    }
    _order = "date desc, id desc"
    _xlsx_fields = (
        "date",
        "pool_id",
        "user_id",
        "partner_id",
        "lead_id",
        "claim_count",
        "assign_count",
        "release_count",
        "recycle_count",
    )

    date = fields.Datetime(readonly=True)
    pool_id = fields.Many2one("crm.smb.pool", readonly=True)
    pool_type = fields.Selection(POOL_TYPES, string="Type", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    claim_count = fields.Integer(string="# Claimed", readonly=True, aggregator="sum")
    assign_count = fields.Integer(string="# Assigned", readonly=True, aggregator="sum")
    release_count = fields.Integer(string="# Released", readonly=True, aggregator="sum")
    recycle_count = fields.Integer(string="# Recycled", readonly=True, aggregator="sum")
    holding_days = fields.Float(
        string="Days Held", readonly=True, aggregator="avg", help="Days owned before a release or a recycle."
    )

    def _select(self):
        return SQL(
            """
                SELECT
                    h.id AS id,
                    h.date AS date,
                    h.pool_id AS pool_id,
                    h.pool_type AS pool_type,
                    CASE WHEN h.action IN ('claim', 'assign') THEN h.to_user_id ELSE h.from_user_id END
                        AS user_id,
                    h.partner_id AS partner_id,
                    h.lead_id AS lead_id,
                    h.company_id AS company_id,
                    CASE WHEN h.action = 'claim' THEN 1 ELSE 0 END AS claim_count,
                    CASE WHEN h.action = 'assign' THEN 1 ELSE 0 END AS assign_count,
                    CASE WHEN h.action IN ('release', 'handover') THEN 1 ELSE 0 END AS release_count,
                    CASE WHEN h.action = 'recycle' THEN 1 ELSE 0 END AS recycle_count,
                    CASE WHEN h.action IN ('release', 'handover', 'recycle') THEN h.holding_days END
                        AS holding_days
            """
        )

    def _from(self):
        return SQL("FROM crm_smb_pool_history h")

    def _where(self):
        return SQL("WHERE h.action IN ('claim', 'assign', 'release', 'recycle', 'handover')")
