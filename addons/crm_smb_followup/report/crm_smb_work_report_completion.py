from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_smb_work_report import REPORT_TYPES

STATUSES = [("submitted", "Submitted"), ("late", "Late"), ("missing", "Missing"), ("due", "Due")]


class CrmSmbWorkReportCompletion(models.Model):
    """Who submitted which report, late or on time, and who did not (the last 62 days): one row
    per writer, report type and day a team's rule makes a report due, in the writer's timezone."""

    _name = "crm.smb.work.report.completion"
    _description = "Work Report Completion"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "crm.smb.work.report.rule": [
            "team_id",
            "company_id",
            "report_type",
            "user_ids",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "weekday",
            "deadline",
            "date_start",
            "active",
        ],
        "crm.smb.work.report": ["user_id", "report_type", "date_from", "state", "date_submitted"],
    }
    _order = "date desc, user_id"
    _xlsx_fields = ("date", "user_id", "team_id", "report_type", "status", "deadline", "date_submitted")

    date = fields.Date(string="Day", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    rule_id = fields.Many2one("crm.smb.work.report.rule", readonly=True)
    report_type = fields.Selection(REPORT_TYPES, string="Report", readonly=True)
    report_id = fields.Many2one("crm.smb.work.report", string="Work Report", readonly=True)
    deadline = fields.Datetime(readonly=True)
    date_submitted = fields.Datetime(string="Submitted on", readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    submitted_count = fields.Integer(string="# On Time", readonly=True, aggregator="sum")
    late_count = fields.Integer(string="# Late", readonly=True, aggregator="sum")
    missing_count = fields.Integer(string="# Missing", readonly=True, aggregator="sum")

    def _with(self):
        return SQL(
            """
                WITH due AS (
                    -- one row per writer, report type and day, whatever the number of rules
                    SELECT DISTINCT ON (u.id, r.report_type, gs::date)
                           r.id AS rule_id, r.team_id, r.company_id, r.report_type, r.deadline,
                           u.id AS user_id, COALESCE(p.tz, 'UTC') AS tz, gs::date AS day
                    FROM crm_smb_work_report_rule r
                    JOIN crm_smb_work_report_rule_res_users_rel rel ON rel.crm_smb_work_report_rule_id = r.id
                    JOIN res_users u ON u.id = rel.res_users_id AND u.active
                    JOIN res_partner p ON p.id = u.partner_id
                    CROSS JOIN LATERAL generate_series(
                        GREATEST(r.date_start, (NOW() AT TIME ZONE COALESCE(p.tz, 'UTC'))::date - 61),
                        (NOW() AT TIME ZONE COALESCE(p.tz, 'UTC'))::date,
                        INTERVAL '1 day'
                    ) gs
                    WHERE r.active AND CASE r.report_type
                        WHEN 'daily' THEN (ARRAY[r.monday, r.tuesday, r.wednesday, r.thursday, r.friday,
                                                 r.saturday, r.sunday])[EXTRACT(ISODOW FROM gs)::int]
                        WHEN 'weekly' THEN EXTRACT(ISODOW FROM gs)::int = COALESCE(r.weekday, '4')::int + 1
                        ELSE EXTRACT(DAY FROM gs + INTERVAL '1 day') = 1
                    END
                    ORDER BY u.id, r.report_type, gs::date, r.id
                ),
                periods AS (
                    SELECT due.*,
                           CASE due.report_type
                               WHEN 'daily' THEN due.day
                               WHEN 'weekly' THEN due.day - (EXTRACT(ISODOW FROM due.day)::int - 1)
                               ELSE date_trunc('month', due.day)::date
                           END AS period_start,
                           ((due.day + make_interval(secs => due.deadline * 3600)) AT TIME ZONE due.tz)
                               AT TIME ZONE 'UTC' AS deadline_at
                    FROM due
                ),
                rows AS (
                    SELECT periods.*, wr.id AS report_id, wr.date_submitted,
                           CASE
                               WHEN wr.id IS NOT NULL AND wr.date_submitted <= periods.deadline_at
                                   THEN 'submitted'
                               WHEN wr.id IS NOT NULL THEN 'late'
                               WHEN periods.deadline_at < NOW() AT TIME ZONE 'UTC' THEN 'missing'
                               ELSE 'due'
                           END AS status
                    FROM periods
                    LEFT JOIN crm_smb_work_report wr
                        ON wr.user_id = periods.user_id AND wr.report_type = periods.report_type
                       AND wr.date_from = periods.period_start AND wr.state = 'submitted'
                )
            """
        )

    def _select(self):
        return SQL(
            """
                SELECT
                    (rows.user_id::bigint * 3
                        + CASE rows.report_type WHEN 'daily' THEN 0 WHEN 'weekly' THEN 1 ELSE 2 END) * 100000
                        + (rows.day - DATE '2000-01-01') AS id,
                    rows.day AS date,
                    rows.user_id,
                    rows.team_id,
                    rows.company_id,
                    rows.rule_id,
                    rows.report_type,
                    rows.report_id,
                    rows.deadline_at AS deadline,
                    rows.date_submitted,
                    rows.status,
                    (rows.status = 'submitted')::int AS submitted_count,
                    (rows.status = 'late')::int AS late_count,
                    (rows.status = 'missing')::int AS missing_count
            """
        )

    def _from(self):
        return SQL("FROM rows")
