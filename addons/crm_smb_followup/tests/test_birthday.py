from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import TestFollowupCommon


@tagged("post_install", "-at_install")
class TestBirthdayReminders(TestFollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("crm_smb_followup.birthday_reminder_days", 3)
        cls.customer_contact.birthday = date(1985, 3, 13)
        cls.leap_contact = cls.env["res.partner"].create(
            {"name": "Leap Day", "parent_id": cls.customer.id, "birthday": date(1992, 2, 29)}
        )
        cls.far_contact = cls.env["res.partner"].create(
            {"name": "Autumn", "parent_id": cls.customer.id, "birthday": date(1980, 10, 1)}
        )
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def reminders(self, partner):
        return partner.activity_ids.filtered(
            lambda a: a.activity_type_id == self.todo and "Birthday" in a.summary
        )

    def run_job(self):
        self.env["res.partner"]._cron_schedule_birthday_reminders()

    def test_reminder_n_days_before_for_the_salesperson_once(self):
        with freeze_time("2026-03-09"):
            self.run_job()
            self.assertFalse(self.reminders(self.customer_contact), "four days before: not yet")
        with freeze_time("2026-03-10"):
            self.run_job()
            self.run_job()
        reminder = self.reminders(self.customer_contact)
        self.assertEqual(len(reminder), 1, "once, however often the job runs")
        self.assertEqual(reminder.date_deadline, date(2026, 3, 13))
        self.assertEqual(reminder.user_id, self.salesman, "the customer's salesperson")
        self.assertFalse(self.reminders(self.far_contact))
        reminder.action_feedback()
        with freeze_time("2026-03-12"):
            self.run_job()
        self.assertFalse(self.reminders(self.customer_contact), "not again the same year")
        with freeze_time("2027-03-11"):
            self.run_job()
        self.assertEqual(self.reminders(self.customer_contact).date_deadline, date(2027, 3, 13))

    def test_missed_days_are_caught_up(self):
        with freeze_time("2026-03-12"):  # the job did not run on the 10th and 11th
            self.run_job()
        self.assertEqual(self.reminders(self.customer_contact).date_deadline, date(2026, 3, 13))

    def test_29_february_in_a_common_year(self):
        with freeze_time("2027-02-25"):
            self.run_job()
        self.assertEqual(self.reminders(self.leap_contact).date_deadline, date(2027, 2, 28))
