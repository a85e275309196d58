from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

REPORT_TYPES = [("daily", "Daily Report"), ("weekly", "Weekly Report"), ("monthly", "Monthly Report")]
# What the author writes while the report is a draft; the figures, the author and the state are
# the suite's (filled from the data, set by the buttons).
WRITABLE = {"report_type", "date", "summary", "plan", "problems", "recipient_ids", "attachment_ids"}


def period_of(report_type, day):
    """The first and last day of the period of type `report_type` holding `day`."""
    if report_type == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if report_type == "monthly":
        start = day.replace(day=1)
        return start, start + relativedelta(months=1, days=-1)
    return day, day


class CrmSmbWorkReport(models.Model):
    """A salesperson's daily, weekly or monthly report (日报 / 周报 / 月报): what they did, what
    they plan, what stands in the way, with the period's figures taken from their data when it is
    written; sent to their team leader, who reads it and comments in the chatter."""

    _name = "crm.smb.work.report"
    _description = "Work Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"
    _mail_post_access = "read"  # recipients comment on what they read
    _rec_names_search = ["user_id", "summary"]

    report_type = fields.Selection(REPORT_TYPES, string="Type", required=True, default="daily", tracking=True)
    date = fields.Date(
        string="Day",
        required=True,
        default=fields.Date.context_today,
        help="A day of the period reported on.",
    )
    date_from = fields.Date(string="Period Start", compute="_compute_period", store=True, index=True)
    date_to = fields.Date(string="Period End", compute="_compute_period", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Author",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    date_submitted = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    reminded = fields.Boolean(readonly=True, copy=False, help="The reminder of its rule was planned.")
    summary = fields.Text(string="Work Summary", help="What was done in the period.")
    plan = fields.Text(string="Next Plan", help="What is planned for the next period.")
    problems = fields.Text(help="Problems met, and the help needed.")
    recipient_ids = fields.Many2many(
        "res.users",
        string="Recipients",
        default=lambda self: self._default_recipients(),
        domain="[('share', '=', False)]",
        help="Who receives the report; by default the leaders of the author's sales teams.",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    # The period's figures, taken from the author's data when the report is written and submitted
    new_customer_count = fields.Integer(string="New Customers", readonly=True)
    followup_count = fields.Integer(string="Follow-ups", readonly=True)
    visit_count = fields.Integer(string="Visits", readonly=True)
    customer_count = fields.Integer(string="Customers Followed", readonly=True)
    followup_ids = fields.Many2many("crm.smb.followup", string="Follow-ups Logged", readonly=True)
    # What the reader may open of them (a recipient outside sales reads the report, not the
    # follow-ups it links)
    followup_readable_ids = fields.Many2many(
        "crm.smb.followup", string="Follow-ups of the Period", compute="_compute_followup_readable_ids"
    )
    channel_line_ids = fields.One2many(
        "crm.smb.work.report.channel", "report_id", string="Follow-ups by Channel", readonly=True
    )
    read_ids = fields.One2many("crm.smb.work.report.read", "report_id", string="Read by", readonly=True)
    is_unread = fields.Boolean(string="Unread", compute="_compute_is_unread", search="_search_is_unread")

    @api.constrains("recipient_ids", "company_id")
    def _check_recipients(self):
        for report in self:
            strangers = report.recipient_ids.filtered(
                lambda u, company=report.company_id: u.share or company not in u.company_ids
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(users)s cannot receive this report: recipients are colleagues of the "
                        "report's company.",
                        users=", ".join(strangers.mapped("name")),
                    )
                )

    _sql_constraints = [
        (
            "one_per_period",
            "UNIQUE(user_id, report_type, date_from)",
            "A report of this type exists for this period already: open it.",
        ),
    ]

    @api.model
    def _default_recipients(self):
        user = self.env.user
        teams = self.env["crm.team"].sudo().search([("member_ids", "in", user.ids)])
        return teams.user_id - user

    @api.depends("report_type", "date")
    def _compute_period(self):
        for report in self:
            report.date_from, report.date_to = (
                period_of(report.report_type, report.date) if report.date else (False, False)
            )

    @api.depends("report_type", "date_from", "date_to", "user_id")
    def _compute_display_name(self):
        # in the reader's language: "日报 2026-12-02 李娜"
        types = dict(self._fields["report_type"]._description_selection(self.env))
        for report in self:
            period = fields.Date.to_string(report.date_from) or ""
            if report.date_to and report.date_to != report.date_from:
                period += " ~ " + fields.Date.to_string(report.date_to)
            report.display_name = (
                f"{types.get(report.report_type, '')} {period} {report.user_id.name or ''}".strip()
            )

    @api.depends_context("uid")
    @api.depends("followup_ids")
    def _compute_followup_readable_ids(self):
        for report in self:
            report.followup_readable_ids = report.followup_ids._filtered_access("read")

    @api.depends_context("uid")
    @api.depends("read_ids", "recipient_ids", "state")
    def _compute_is_unread(self):
        for report in self:
            report.is_unread = (
                report.state == "submitted"
                and self.env.user in report.recipient_ids
                and self.env.user not in report.read_ids.user_id
            )

    def _search_is_unread(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Unread."))
        unread = [
            ("state", "=", "submitted"),
            ("recipient_ids", "in", self.env.uid),
            ("read_ids", "not any", [("user_id", "=", self.env.uid)]),
        ]
        return unread if (operator == "=") == value else ["!", *unread]

    # -- writes ----------------------------------------------------------------------------
    def _check_writable(self, vals):
        if self.env.su:
            return
        refused = set(vals) - WRITABLE
        if refused:
            raise UserError(
                self.env._(
                    "These fields of a work report are the suite's and cannot be set: %(fields)s.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env) for name in sorted(refused)
                    ),
                )
            )
        if any(report.user_id != self.env.user or report.state != "draft" for report in self.sudo()):
            raise UserError(
                self.env._("A work report is changed by its author only, before it is submitted.")
            )

    def _check_period_free(self, vals_list):
        """One report of a type per author and period: say so in words, before the database does."""
        for vals in vals_list:
            report_type = vals.get("report_type") or "daily"
            day = fields.Date.to_date(vals.get("date")) or fields.Date.context_today(self)
            user_id = vals.get("user_id") or self.env.uid
            domain = [
                ("user_id", "=", user_id),
                ("report_type", "=", report_type),
                ("date_from", "=", period_of(report_type, day)[0]),
                ("id", "not in", self.ids),
            ]
            if self.sudo().search_count(domain, limit=1):
                raise UserError(self.env._("A report of this type exists for this period already: open it."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                # the author is whoever writes the report
                self._check_writable({key: value for key, value in vals.items() if key != "user_id"})
                if vals.get("user_id", self.env.uid) != self.env.uid:
                    raise UserError(self.env._("A work report is written by its author: you."))
        vals_list = [{**vals, "user_id": vals.get("user_id") or self.env.uid} for vals in vals_list]
        self._check_period_free(vals_list)
        reports = super().create(vals_list)
        for report in reports.sudo():
            report.team_id = report.user_id.sale_team_id
            report.write(report._figures())
        reports._attach_uploaded_files()
        return reports

    def write(self, vals):
        self._check_writable(vals)
        if {"report_type", "date"} & set(vals):
            for report in self:
                report._check_period_free(
                    [
                        {
                            "report_type": report.report_type,
                            "date": report.date,
                            "user_id": report.user_id.id,
                            **vals,
                        }
                    ]
                )
        res = super().write(vals)
        if {"report_type", "date"} & set(vals):
            self._fill_figures()
        if "attachment_ids" in vals:
            self._attach_uploaded_files()
        return res

    def _attach_uploaded_files(self):
        """Files uploaded on the form belong to the report (so its readers open them): those the
        author uploaded, not yet attached to anything."""
        for report in self:
            pending = report.sudo().attachment_ids.filtered(
                lambda a, author=report.user_id: not a.res_id and a.create_uid == author
            )
            if pending:
                pending.write({"res_model": self._name, "res_id": report.id})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("A submitted work report stays: comment on it instead."))

    # -- figures ---------------------------------------------------------------------------
    def _period_bounds(self):
        """The period as UTC datetimes, in the author's timezone."""
        self.ensure_one()
        tz = pytz.timezone(self.user_id.tz or "UTC")
        start = tz.localize(datetime.combine(self.date_from, time.min)).astimezone(pytz.utc)
        end = tz.localize(datetime.combine(self.date_to + timedelta(days=1), time.min)).astimezone(pytz.utc)
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    def _figures(self):
        """The period's figures of the author, as values of the report (what the modules above
        add to, with the fields they add)."""
        self.ensure_one()
        start, end = self._period_bounds()
        env = self.sudo().env
        followups = env["crm.smb.followup"].search(
            [("user_id", "=", self.user_id.id), ("date", ">=", start), ("date", "<", end)], order="date"
        )
        counts = {}
        for followup in followups.filtered("channel_id"):
            counts[followup.channel_id] = counts.get(followup.channel_id, 0) + 1
        new_customers = env["res.partner"].search_count(
            [
                ("user_id", "=", self.user_id.id),
                ("parent_id", "=", False),
                ("create_date", ">=", start),
                ("create_date", "<", end),
            ]
        )
        return {
            "new_customer_count": new_customers,
            "followup_count": len(followups),
            "visit_count": len(followups.filtered("channel_id.is_visit")),
            "customer_count": len(followups.partner_id),
            "followup_ids": [Command.set(followups.ids)],
            "channel_line_ids": [Command.clear()]
            + [
                Command.create({"channel_id": channel.id, "count": count})
                for channel, count in sorted(counts.items(), key=lambda item: (item[0].sequence, item[0].id))
            ],
        }

    @api.onchange("report_type", "date")
    def _onchange_figures(self):
        """The figures on the form as the author writes it (create fills them again). Only the
        author's own: an onchange names any author it likes."""
        if self.user_id == self.env.user and self.state == "draft" and self.date_from:
            self.update(self._figures())

    def _fill_figures(self):
        for report in self.sudo():
            if report.state == "draft":
                report.write(report._figures())

    # -- actions ---------------------------------------------------------------------------
    def action_refresh_figures(self):
        self._check_writable({})
        self._fill_figures()
        return True

    def action_submit(self):
        self._check_writable({})
        for report in self:
            if not (report.summary or "").strip():
                raise UserError(self.env._("Write the work summary before submitting the report."))
        self._fill_figures()
        now = fields.Datetime.now()
        reminder = self.env.ref("crm_smb_followup.mail_activity_type_work_report")
        for report in self.sudo():
            report.write({"state": "submitted", "date_submitted": now})
            report.message_subscribe(partner_ids=report.recipient_ids.partner_id.ids)
            report.message_post(
                body=self.env._("%(report)s submitted.", report=report.display_name),
                partner_ids=report.recipient_ids.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=report.user_id.partner_id.id,
            )
            report.activity_ids.filtered(lambda a, t=reminder: a.activity_type_id == t).action_feedback()
        return True

    def action_mark_read(self):
        """A recipient has read the report (the author sees who read it, and when)."""
        Read = self.env["crm.smb.work.report.read"].sudo()
        for report in self:
            report.check_access("read")
            if self.env.user in report.recipient_ids and self.env.user not in report.read_ids.user_id:
                Read.create({"report_id": report.id, "user_id": self.env.uid})
        return True


class CrmSmbWorkReportChannel(models.Model):
    _name = "crm.smb.work.report.channel"
    _description = "Work Report Follow-ups by Channel"
    _order = "id"

    report_id = fields.Many2one("crm.smb.work.report", required=True, index=True, ondelete="cascade")
    channel_id = fields.Many2one("crm.smb.followup.channel", required=True, ondelete="cascade")
    count = fields.Integer(string="Follow-ups")


class CrmSmbWorkReportRead(models.Model):
    _name = "crm.smb.work.report.read"
    _description = "Work Report Read by"
    _order = "date_read"

    report_id = fields.Many2one("crm.smb.work.report", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Reader", required=True, ondelete="cascade")
    date_read = fields.Datetime(string="Read on", required=True, default=fields.Datetime.now)

    _sql_constraints = [("report_user_unique", "UNIQUE(report_id, user_id)", "Read once.")]
