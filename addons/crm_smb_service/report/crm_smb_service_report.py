from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_smb_service_request import CHANNELS, SLA_STATUS
from ..models.crm_smb_service_sla import PRIORITIES


class CrmSmbServiceReport(models.Model):
    """Service requests: volume, SLA compliance, response and resolution times, satisfaction.

    Hours are elapsed hours from receipt (the SLA deadlines themselves follow the team's
    working calendar). "Response SLA met (%)" is 100 when the first response came in time and
    0 when it was late, empty while the request has no deadline; its average is the compliance
    rate. Satisfaction is the customer's last rating: 100 when satisfied, 0 otherwise.
    """

    _name = "crm.smb.service.report"
    _description = "Service Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "crm.smb.service.request": [
            "partner_id",
            "type_id",
            "is_complaint",
            "channel",
            "priority",
            "team_id",
            "user_id",
            "stage_id",
            "is_closed",
            "company_id",
            "date_received",
            "date_first_response",
            "date_resolved",
            "response_status",
            "resolution_status",
            "root_cause",
        ],
        "rating.rating": ["rating", "consumed", "res_id", "res_model"],
        "res.partner": ["user_id"],
    }
    _order = "date_received desc, id desc"
    _xlsx_fields = (
        "request_id",
        "partner_id",
        "type_id",
        "channel",
        "priority",
        "team_id",
        "user_id",
        "date_received",
        "response_status",
        "resolution_status",
        "response_hours",
        "resolution_hours",
        "rating",
        "root_cause",
    )

    request_id = fields.Many2one("crm.smb.service.request", string="Service Request", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    salesperson_id = fields.Many2one("res.users", string="Customer's Salesperson", readonly=True)
    type_id = fields.Many2one("crm.smb.service.type", string="Request Type", readonly=True)
    is_complaint = fields.Boolean(string="Complaint", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    team_id = fields.Many2one("crm.smb.service.team", string="Service Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned To", readonly=True)
    stage_id = fields.Many2one("crm.smb.service.stage", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_received = fields.Datetime(string="Received", readonly=True)
    response_status = fields.Selection(SLA_STATUS, string="Response SLA", readonly=True)
    resolution_status = fields.Selection(SLA_STATUS, string="Resolution SLA", readonly=True)
    request_count = fields.Integer(string="# Requests", readonly=True, aggregator="sum")
    complaint_count = fields.Integer(string="# Complaints", readonly=True, aggregator="sum")
    response_breached_count = fields.Integer(
        string="# Response SLA Breached", readonly=True, aggregator="sum"
    )
    resolution_breached_count = fields.Integer(
        string="# Resolution SLA Breached", readonly=True, aggregator="sum"
    )
    response_met_rate = fields.Float(string="Response SLA Met (%)", readonly=True, aggregator="avg")
    resolution_met_rate = fields.Float(string="Resolution SLA Met (%)", readonly=True, aggregator="avg")
    response_hours = fields.Float(string="Hours to Respond", readonly=True, aggregator="avg", digits=(16, 1))
    resolution_hours = fields.Float(
        string="Hours to Resolve", readonly=True, aggregator="avg", digits=(16, 1)
    )
    rating = fields.Float(string="Rating (1-5)", readonly=True, aggregator="avg", digits=(16, 1))
    satisfaction_rate = fields.Float(string="Satisfied (%)", readonly=True, aggregator="avg")
    rating_count = fields.Integer(string="# Ratings", readonly=True, aggregator="sum")
    root_cause = fields.Text(string="Cause", readonly=True)

    def _select(self):
        return SQL(
            """
                SELECT
                    r.id AS id,
                    r.id AS request_id,
                    r.partner_id AS partner_id,
                    p.user_id AS salesperson_id,
                    r.type_id AS type_id,
                    COALESCE(r.is_complaint, FALSE) AS is_complaint,
                    r.channel AS channel,
                    r.priority AS priority,
                    r.team_id AS team_id,
                    r.user_id AS user_id,
                    r.stage_id AS stage_id,
                    COALESCE(r.is_closed, FALSE) AS is_closed,
                    r.company_id AS company_id,
                    r.date_received AS date_received,
                    r.response_status AS response_status,
                    r.resolution_status AS resolution_status,
                    1 AS request_count,
                    CASE WHEN r.is_complaint THEN 1 ELSE 0 END AS complaint_count,
                    CASE WHEN r.response_status = 'breached' THEN 1 ELSE 0 END AS response_breached_count,
                    CASE WHEN r.resolution_status = 'breached' THEN 1 ELSE 0 END
                        AS resolution_breached_count,
                    CASE r.response_status WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0 END
                        AS response_met_rate,
                    CASE r.resolution_status WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0 END
                        AS resolution_met_rate,
                    EXTRACT(EPOCH FROM r.date_first_response - r.date_received) / 3600.0
                        AS response_hours,
                    EXTRACT(EPOCH FROM r.date_resolved - r.date_received) / 3600.0 AS resolution_hours,
                    rt.rating AS rating,
                    CASE WHEN rt.rating >= 4 THEN 100.0 WHEN rt.rating > 0 THEN 0.0 END
                        AS satisfaction_rate,
                    CASE WHEN rt.rating > 0 THEN 1 ELSE 0 END AS rating_count,
                    r.root_cause AS root_cause
            """
        )

    def _from(self):
        return SQL(
            """
                FROM crm_smb_service_request r
                LEFT JOIN res_partner p ON p.id = r.partner_id
                LEFT JOIN LATERAL (
                    SELECT rr.rating FROM rating_rating rr
                    WHERE rr.res_model = 'crm.smb.service.request' AND rr.res_id = r.id
                      AND rr.consumed AND rr.rating > 0
                    ORDER BY rr.write_date DESC, rr.id DESC LIMIT 1
                ) rt ON TRUE
            """
        )
