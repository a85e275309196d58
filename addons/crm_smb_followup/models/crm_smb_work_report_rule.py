from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_smb_work_report import REPORT_TYPES, period_of

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
DAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class CrmSmbWorkReportRule(models.Model):
    """Who of a sales team writes which report, on which days, by what time (日报提交规则): the
    reminder before the deadline and the leader's completion view read these."""

    _name = "crm.smb.work.report.rule"
    _description = "Work Report Rule"
    _order = "team_id, report_type"

    name = fields.Char(compute="_compute_name")
    team_id = fields.Many2one("crm.team", string="Sales Team", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    report_type = fields.Selection(REPORT_TYPES, string="Report", required=True, default="daily")
    user_ids = fields.Many2many(
        "res.users",
        string="Who",
        compute="_compute_user_ids",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        help="Who writes the report; the team's members when the team is chosen.",
    )
    monday = fields.Boolean(default=True)
    tuesday = fields.Boolean(default=True)
    wednesday = fields.Boolean(default=True)
    thursday = fields.Boolean(default=True)
    friday = fields.Boolean(default=True)
    saturday = fields.Boolean()
    sunday = fields.Boolean()
    date_start = fields.Date(
        string="Applies From",
        required=True,
        default=fields.Date.context_today,
        help="The first day reports are due under this rule (the completion view starts there).",
    )
    weekday = fields.Selection(
        WEEKDAYS, string="Due on", default="4", help="Weekly reports: the day they are due."
    )
    deadline = fields.Float(
        string="By", default=18.0, help="The time of day the report is due, in each writer's timezone."
    )
    reminder_hours = fields.Float(
        string="Remind",
        default=1.0,
        help="How long before the deadline the writer gets a to-do, if not submitted.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("team_type_unique", "UNIQUE(team_id, report_type)", "The team has a rule for this report already."),
    ]

    @api.depends("team_id", "report_type")
    def _compute_name(self):
        types = dict(self._fields["report_type"]._description_selection(self.env))
        for rule in self:
            rule.name = f"{rule.team_id.name or ''} · {types.get(rule.report_type, '')}"

    @api.depends("team_id")
    def _compute_user_ids(self):
        for rule in self:
            rule.user_ids = rule.team_id.member_ids

    @api.constrains("deadline", "reminder_hours")
    def _check_times(self):
        for rule in self:
            # the reminder job runs every 15 minutes: a shorter reminder could fall between runs
            if not 0 < rule.deadline <= 24 or not 0.25 <= rule.reminder_hours <= 24:
                raise ValidationError(
                    self.env._(
                        "A deadline is a time of day (00:00 to 24:00), a reminder between 15 minutes and a "
                        "day ahead."
                    )
                )

    @api.constrains("team_id", "user_ids")
    def _check_writers(self):
        for rule in self:
            outsiders = rule.user_ids - rule.team_id.member_ids - rule.team_id.user_id
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "%(users)s are not in %(team)s: a team's rule names its leader and members only.",
                        users=", ".join(outsiders.mapped("name")),
                        team=rule.team_id.name,
                    )
                )

    def _is_due_on(self, day):
        self.ensure_one()
        if self.report_type == "daily":
            return self[DAY_FIELDS[day.weekday()]]
        if self.report_type == "weekly":
            return day.weekday() == int(self.weekday or 4)
        return (day + timedelta(days=1)).day == 1  # monthly: the month's last day

    def _deadline(self, user, day):
        """The deadline of `day` for `user`, as a naive UTC datetime."""
        tz = pytz.timezone(user.tz or "UTC")
        local = datetime.combine(day, time.min) + timedelta(hours=self.deadline)
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _cron_remind(self):
        """Before a deadline, a writer who has not submitted gets their report as a draft (its
        figures filled) and a to-do on it, once."""
        now = fields.Datetime.now()
        Report = self.env["crm.smb.work.report"]
        activity_type = self.env.ref("crm_smb_followup.mail_activity_type_work_report")
        for rule in self.search([]):
            for user in rule.user_ids.filtered(lambda u: u.active and not u.share):
                tz = pytz.timezone(user.tz or "UTC")
                day = pytz.utc.localize(now).astimezone(tz).date()
                if day < rule.date_start or not rule._is_due_on(day):
                    continue
                deadline = rule._deadline(user, day)
                if not deadline - timedelta(hours=rule.reminder_hours) <= now < deadline:
                    continue
                date_from = period_of(rule.report_type, day)[0]
                report = Report.search(
                    [
                        ("user_id", "=", user.id),
                        ("report_type", "=", rule.report_type),
                        ("date_from", "=", date_from),
                    ]
                )
                if report.state == "submitted" or report.reminded:
                    continue
                report_user = Report.with_user(user).with_context(lang=user.lang)
                if not report:
                    report = Report.create(
                        {
                            "user_id": user.id,
                            "company_id": (rule.company_id or user.company_id).id,
                            "report_type": rule.report_type,
                            "date": day,
                            "recipient_ids": [fields.Command.set(report_user._default_recipients().ids)],
                        }
                    )
                local_deadline = pytz.utc.localize(deadline).astimezone(tz)
                report.reminded = True
                report.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=day,
                    user_id=user.id,
                    summary=report_user.env._("Due by %(time)s", time=local_deadline.strftime("%H:%M")),
                )
