from odoo import fields, models
from odoo.tools import SQL


class CrmSmbVisitReport(models.Model):
    """Visits (拜访) per salesperson and period: one row per follow-up on a visit channel, with
    its check-in; customers visited are counted once per group."""

    _name = "crm.smb.visit.report"
    _description = "Visits Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "crm.smb.followup": [
            "date",
            "user_id",
            "partner_id",
            "channel_id",
            "company_id",
            "checkin_date",
            "checkin_distance",
            "checkin_flagged",
            "checkin_located",
        ],
        "crm.smb.followup.channel": ["is_visit"],
    }
    _order = "date desc, id desc"
    _xlsx_fields = (
        "date",
        "user_id",
        "partner_id",
        "checked_in",
        "checkin_latitude",
        "checkin_longitude",
        "distance",
        "flagged",
    )

    date = fields.Datetime(readonly=True)
    followup_id = fields.Many2one("crm.smb.followup", string="Follow-up", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, aggregator="count_distinct")
    company_id = fields.Many2one("res.company", readonly=True)
    checked_in = fields.Boolean(readonly=True)
    flagged = fields.Boolean(string="Far from the Customer", readonly=True)
    checkin_latitude = fields.Float(string="Latitude", digits=(10, 7), readonly=True, aggregator=None)
    checkin_longitude = fields.Float(string="Longitude", digits=(10, 7), readonly=True, aggregator=None)
    distance = fields.Float(string="Distance (m)", digits=(10, 0), readonly=True, aggregator="avg")
    visit_count = fields.Integer(string="# Visits", readonly=True, aggregator="sum")
    checkin_count = fields.Integer(string="# Checked In", readonly=True, aggregator="sum")
    flagged_count = fields.Integer(string="# Far from the Customer", readonly=True, aggregator="sum")

    def _select(self):
        return SQL(
            """
                SELECT
                    f.id AS id,
                    f.id AS followup_id,
                    f.date AS date,
                    f.user_id AS user_id,
                    member.crm_team_id AS team_id,
                    f.partner_id AS partner_id,
                    f.company_id AS company_id,
                    f.checkin_date IS NOT NULL AS checked_in,
                    COALESCE(f.checkin_flagged, FALSE) AS flagged,
                    f.checkin_latitude AS checkin_latitude,
                    f.checkin_longitude AS checkin_longitude,
                    CASE WHEN f.checkin_located THEN f.checkin_distance END AS distance,
                    1 AS visit_count,
                    (f.checkin_date IS NOT NULL)::int AS checkin_count,
                    COALESCE(f.checkin_flagged, FALSE)::int AS flagged_count
            """
        )

    def _from(self):
        return SQL(
            """
                FROM crm_smb_followup f
                JOIN crm_smb_followup_channel c ON c.id = f.channel_id AND c.is_visit
                LEFT JOIN LATERAL (
                    SELECT m.crm_team_id FROM crm_team_member m
                    WHERE m.user_id = f.user_id AND m.active ORDER BY m.id LIMIT 1
                ) member ON TRUE
            """
        )
