from odoo import fields, models
from odoo.tools import SQL


class CrmSmbStageReport(models.Model):
    """Follow-up stage history: one row per stay of a customer in a stage.

    Built from the tracked changes of the customer's follow-up stage (the chatter's tracking
    values); the stage a customer was created in starts at its creation date (or at its first
    recorded change, for imported history). A stay ends when
    the customer moves on; the current stay runs until today. "Conversion (%)" is 100 when the
    next stage comes later in the stage order, so its average is the stage-to-stage conversion.
    """

    _name = "crm.smb.stage.report"
    _description = "Follow-up Stage Funnel"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "res.partner": ["parent_id", "followup_stage_id", "user_id", "company_id"],
        "mail.tracking.value": ["old_value_integer", "new_value_integer", "field_id", "mail_message_id"],
        "crm.smb.followup.stage": ["sequence"],
    }
    _order = "date_start desc, id desc"
    _xlsx_fields = (
        "partner_id",
        "user_id",
        "stage_id",
        "date_start",
        "date_end",
        "next_stage_id",
        "days_in_stage",
    )

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    stage_id = fields.Many2one("crm.smb.followup.stage", readonly=True)
    next_stage_id = fields.Many2one("crm.smb.followup.stage", string="Moved To", readonly=True)
    date_start = fields.Datetime(string="Entered On", readonly=True)
    date_end = fields.Datetime(string="Left On", readonly=True)
    is_current = fields.Boolean(string="Current Stage", readonly=True)
    entry_count = fields.Integer(string="# Entered", readonly=True, aggregator="sum")
    forward_count = fields.Integer(string="# Moved Forward", readonly=True, aggregator="sum")
    conversion_rate = fields.Float(
        string="Conversion (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the stays in a stage that moved on to a later stage.",
    )
    days_in_stage = fields.Float(string="Days in Stage", readonly=True, aggregator="avg", digits=(16, 1))

    def _with(self):
        return SQL(
            """
                WITH moves AS (
                    SELECT m.res_id AS partner_id, m.date AS date, v.id AS tracking_id,
                           v.old_value_integer AS old_stage, v.new_value_integer AS new_stage
                    FROM mail_tracking_value v
                    JOIN mail_message m ON m.id = v.mail_message_id
                    JOIN ir_model_fields f ON f.id = v.field_id
                    WHERE m.model = 'res.partner' AND f.model = 'res.partner'
                      AND f.name = 'followup_stage_id'
                ),
                entries AS (
                    SELECT partner_id, date, tracking_id AS seq, new_stage AS stage_id
                    FROM moves WHERE COALESCE(new_stage, 0) <> 0
                    UNION ALL
                    SELECT p.id, LEAST(p.create_date, first_move.date), 0,
                           CASE WHEN first_move.partner_id IS NULL THEN p.followup_stage_id
                                ELSE first_move.old_stage END
                    FROM res_partner p
                    LEFT JOIN LATERAL (
                        SELECT mv.partner_id, mv.old_stage, mv.date FROM moves mv
                        WHERE mv.partner_id = p.id ORDER BY mv.date, mv.tracking_id LIMIT 1
                    ) first_move ON TRUE
                    WHERE p.parent_id IS NULL
                      AND COALESCE(CASE WHEN first_move.partner_id IS NULL THEN p.followup_stage_id
                                        ELSE first_move.old_stage END, 0) <> 0
                ),
                stays AS (
                    SELECT e.*,
                           LEAD(e.date) OVER w AS date_end,
                           LEAD(e.stage_id) OVER w AS next_stage_id,
                           ROW_NUMBER() OVER w AS rank
                    FROM entries e
                    WINDOW w AS (PARTITION BY e.partner_id ORDER BY e.date, e.seq)
                )
            """
        )

    def _select(self):
        return SQL(
            """
                SELECT
                    s.partner_id::bigint * 10000 + s.rank AS id,
                    s.partner_id AS partner_id,
                    p.user_id AS user_id,
                    p.company_id AS company_id,
                    s.stage_id AS stage_id,
                    s.next_stage_id AS next_stage_id,
                    s.date AS date_start,
                    s.date_end AS date_end,
                    s.date_end IS NULL AS is_current,
                    1 AS entry_count,
                    CASE WHEN ns.sequence > st.sequence OR (ns.sequence = st.sequence AND ns.id > st.id)
                         THEN 1 ELSE 0 END AS forward_count,
                    CASE WHEN ns.sequence > st.sequence OR (ns.sequence = st.sequence AND ns.id > st.id)
                         THEN 100.0 ELSE 0.0 END AS conversion_rate,
                    EXTRACT(EPOCH FROM COALESCE(s.date_end, NOW() AT TIME ZONE 'UTC') - s.date) / 86400.0
                        AS days_in_stage
            """
        )

    def _from(self):
        return SQL(
            """
                FROM stays s
                JOIN res_partner p ON p.id = s.partner_id
                JOIN crm_smb_followup_stage st ON st.id = s.stage_id
                LEFT JOIN crm_smb_followup_stage ns ON ns.id = s.next_stage_id
            """
        )
