from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TestFollowupCommon


@tagged("post_install", "-at_install")
class TestWorkReport(TestFollowupCommon):
    """Work reports (日报 / 周报 / 月报): written by a salesperson with the period's figures from
    their data, read by their team leader, on the team's rules, with a completion view."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.salesman_2 | cls.team_leader).tz = "Asia/Shanghai"
        cls.other_customer.user_id = cls.salesman_2
        cls.Report = cls.env["crm.smb.work.report"]

    def log(self, channel, summary="Talked", **values):
        return (
            self.env["crm.smb.followup"]
            .with_user(self.salesman_2)
            .create(
                {"partner_id": self.other_customer.id, "channel_id": channel.id, "summary": summary, **values}
            )
        )

    def test_daily_report_filled_from_the_day_and_sent_to_the_leader(self):
        phone = self.log(self.channel_phone)
        visit = self.log(self.channel_visit, "Visited the plant")
        self.log(self.channel_phone, date=fields.Datetime.now() - timedelta(days=3))  # another day
        with Form(self.Report.with_user(self.salesman_2)) as form:
            self.assertEqual(form.report_type, "daily")
            self.assertEqual(form.recipient_ids[:], self.team_leader, "the leader of the author's team")
            form.summary = "Two calls, one visit"
            form.plan = "Send the quotation"
        report = form.record
        self.assertEqual(report.user_id, self.salesman_2)
        self.assertEqual(
            (report.followup_count, report.visit_count, report.customer_count),
            (2, 1, 1),
        )
        self.assertEqual(report.followup_ids, phone | visit)
        self.assertEqual(
            {line.channel_id: line.count for line in report.channel_line_ids},
            {self.channel_phone: 1, self.channel_visit: 1},
        )
        report.with_user(self.salesman_2).action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertTrue(report.date_submitted)
        self.assertIn(
            self.team_leader.partner_id, report.message_ids[0].partner_ids, "the leader is notified"
        )
        # the leader reads and marks it read; a teammate who is no recipient does not read it
        as_leader = report.with_user(self.team_leader)
        self.assertTrue(as_leader.is_unread)
        self.assertEqual(self.Report.with_user(self.team_leader).search([("is_unread", "=", True)]), report)
        as_leader.action_mark_read()
        self.assertEqual(report.read_ids.user_id, self.team_leader)
        self.assertFalse(as_leader.is_unread)
        as_leader.message_post(body="Good, call them again Friday")
        with self.assertRaises(AccessError):
            report.with_user(self.salesman).read(["summary"])
        # a recipient outside sales reads the report, not the follow-ups it links
        clerk = self.env["res.users"].create(
            {
                "name": "Clerk",
                "login": "smb_report_clerk",
                "groups_id": [Command.set(self.env.ref("base.group_user").ids)],
            }
        )
        report.sudo().recipient_ids = [Command.link(clerk.id)]
        [form] = report.with_user(clerk).web_read(
            {
                "summary": {},
                "followup_readable_ids": {"fields": {"summary": {}}},
                "channel_line_ids": {"fields": {"count": {}}},
            }
        )
        self.assertEqual((form["summary"], form["followup_readable_ids"]), ("Two calls, one visit", []))
        [form] = report.with_user(self.team_leader).web_read(
            {"followup_readable_ids": {"fields": {"summary": {}}}}
        )
        self.assertEqual(len(form["followup_readable_ids"]), 2)

    def test_what_nobody_forges(self):
        with self.assertRaisesRegex(UserError, "its author"):
            self.Report.with_user(self.salesman_2).create({"summary": "Done", "user_id": self.salesman.id})
        report = self.Report.with_user(self.salesman_2).create({"summary": "Done"})
        self.assertEqual(report.user_id, self.salesman_2, "the author is whoever writes it")
        for values in ({"followup_count": 99}, {"user_id": self.salesman.id}, {"state": "submitted"}):
            with self.assertRaises(UserError):
                report.with_user(self.salesman_2).write(values)
        with self.assertRaises(UserError):
            report.with_user(self.team_leader).write({"summary": "Rewritten by the leader"})
        report.with_user(self.salesman_2).action_submit()
        with self.assertRaises(UserError):
            report.with_user(self.salesman_2).write({"summary": "Rewritten after"})
        with self.assertRaises(UserError):
            report.with_user(self.salesman_2).unlink()
        portal = self.env["res.users"].create(
            {
                "name": "Portal",
                "login": "smb_report_portal",
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        with self.assertRaisesRegex(ValidationError, "cannot receive"):
            self.Report.with_user(self.salesman).create(
                {"report_type": "monthly", "recipient_ids": [Command.set(portal.ids)]}
            )
        # a file uploaded on the form is the report's: its readers open it
        upload = (
            self.env["ir.attachment"].with_user(self.salesman_2).create({"name": "plan.txt", "raw": b"plan"})
        )
        planned = self.Report.with_user(self.salesman_2).create(
            {"report_type": "monthly", "attachment_ids": [Command.set(upload.ids)]}
        )
        self.assertEqual((upload.res_model, upload.res_id), ("crm.smb.work.report", planned.id))
        with self.assertRaisesRegex(UserError, "Write the work summary"):
            self.Report.with_user(self.salesman).create({"report_type": "weekly"}).action_submit()

    def test_periods(self):
        wednesday = date(2026, 12, 2)
        weekly = self.Report.with_user(self.salesman_2).create({"report_type": "weekly", "date": wednesday})
        self.assertEqual((weekly.date_from, weekly.date_to), (date(2026, 11, 30), date(2026, 12, 6)))
        monthly = self.Report.with_user(self.salesman_2).create({"report_type": "monthly", "date": wednesday})
        self.assertEqual((monthly.date_from, monthly.date_to), (date(2026, 12, 1), date(2026, 12, 31)))
        with self.assertRaisesRegex(UserError, "exists for this period"):
            self.Report.with_user(self.salesman_2).create(
                {"report_type": "weekly", "date": date(2026, 12, 4)}
            )
        with self.assertRaisesRegex(UserError, "exists for this period"):
            monthly.with_user(self.salesman_2).write({"report_type": "weekly"})

    def rule(self, **values):
        return self.env["crm.smb.work.report.rule"].create(
            {
                "team_id": self.sales_team.id,
                "report_type": "daily",
                "deadline": 18.0,
                "reminder_hours": 1.0,
                **values,
            }
        )

    def test_reminder_before_the_deadline_once(self):
        rule = self.rule()
        self.assertEqual(rule.user_ids, self.salesman_2, "the team's members")
        activity_type = self.env.ref("crm_smb_followup.mail_activity_type_work_report")
        # Wednesday 2026-12-02, 17:15 in Shanghai (09:15 UTC): within the hour before 18:00
        with freeze_time(datetime(2026, 12, 2, 9, 15)):
            self.log(self.channel_visit)
            self.env["crm.smb.work.report.rule"]._cron_remind()
            self.env["crm.smb.work.report.rule"]._cron_remind()
        report = self.Report.search([("user_id", "=", self.salesman_2.id)])
        self.assertEqual((report.state, report.date, report.visit_count), ("draft", date(2026, 12, 2), 1))
        self.assertEqual(report.recipient_ids, self.team_leader)
        activity = report.activity_ids
        self.assertEqual((activity.activity_type_id, activity.user_id), (activity_type, self.salesman_2))
        self.assertIn("18:00", activity.summary)
        # the to-do marked done without submitting is not planned again
        activity.action_feedback()
        with freeze_time(datetime(2026, 12, 2, 9, 30)):
            self.env["crm.smb.work.report.rule"]._cron_remind()
        self.assertFalse(report.activity_ids)
        report.with_user(self.salesman_2).write({"summary": "Visited one customer"})
        report.with_user(self.salesman_2).action_submit()
        self.assertEqual(report.state, "submitted")
        # Saturday: not a report day; 15:00 on a Thursday: too early
        for moment in (datetime(2026, 12, 5, 9, 30), datetime(2026, 12, 3, 7, 0)):
            with freeze_time(moment):
                self.env["crm.smb.work.report.rule"]._cron_remind()
        self.assertEqual(self.Report.search([("user_id", "=", self.salesman_2.id)]), report)

    def test_completion_on_time_late_missing(self):
        (self.salesman_2 | self.salesman).tz = "UTC"
        today = fields.Date.context_today(self.salesman_2)
        rule = self.rule(saturday=True, sunday=True, date_start=today - timedelta(days=5))
        # the salesman writes reports in a team of their own, under its own rule
        other_team = self.env["crm.team"].create(
            {"name": "Other Team", "member_ids": [Command.set(self.salesman.ids)]}
        )
        other_rule = self.rule(
            team_id=other_team.id, saturday=True, sunday=True, date_start=today - timedelta(days=5)
        )
        day = {n: today - timedelta(days=n) for n in range(1, 4)}
        Report = self.Report.with_user(self.salesman_2)
        on_time = Report.create({"date": day[1], "summary": "On time"})
        late = Report.create({"date": day[2], "summary": "Late"})
        (on_time | late).action_submit()
        self.env.cr.execute(
            "UPDATE crm_smb_work_report SET date_submitted = %s WHERE id = %s",
            (datetime.combine(day[1], datetime.min.time()) + timedelta(hours=17), on_time.id),
        )
        self.env.cr.execute(
            "UPDATE crm_smb_work_report SET date_submitted = %s WHERE id = %s",
            (datetime.combine(day[1], datetime.min.time()) + timedelta(hours=9), late.id),
        )
        self.env.flush_all()
        self.env.invalidate_all()
        Completion = self.env["crm.smb.work.report.completion"]
        rules = rule | other_rule
        rows = Completion.with_user(self.team_leader).search([("rule_id", "in", rules.ids)])
        status = {row.date: row.status for row in rows}
        self.assertEqual((status[day[1]], status[day[2]], status[day[3]]), ("submitted", "late", "missing"))
        self.assertEqual(rows.user_id, self.salesman_2, "the leader sees their team, not the salesman")
        self.assertEqual(
            Completion.with_user(self.salesman).search([("rule_id", "in", rules.ids)]).user_id,
            self.salesman,
            "a salesperson sees their own",
        )
        with self.assertRaisesRegex(ValidationError, "not in"):
            rule.user_ids = [Command.link(self.salesman.id)]
        [[missing]] = Completion.with_user(self.team_leader)._read_group(
            [("rule_id", "=", rule.id), ("date", "<", today), ("user_id", "=", self.salesman_2.id)],
            [],
            ["missing_count:sum"],
        )
        self.assertEqual(missing, 3, "days 3, 4 and 5 before today")
