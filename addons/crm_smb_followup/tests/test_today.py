from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import T0, TestPoolCommon


@tagged("post_install", "-at_install")
class TestToday(TestPoolCommon):
    """今日工作台: what each salesperson has to do today, read from the records."""

    def test_rows_of_the_day_per_salesperson(self):
        today = date(2026, 6, 4)
        Followup = self.env["crm.smb.followup"]
        customer = self.owned_customer("Overdue Co", mobile="139 0000 0001")
        colleague = self.owned_customer("Colleague Co", user=self.salesman_2)
        with freeze_time(T0):
            Followup.with_user(self.salesman).create(
                {
                    "partner_id": customer.id,
                    "summary": "Call back",
                    "next_contact_date": today - timedelta(days=1),
                }
            )
            Followup.with_user(self.salesman_2).create(
                {"partner_id": colleague.id, "summary": "Visit", "next_contact_date": today}
            )
            Followup.with_user(self.salesman).create(
                {"lead_id": self.lead.id, "summary": "Demo", "next_contact_date": today}
            )
        soon = self.owned_customer("Soon Back Co")  # three days without follow-up, warned after two
        with freeze_time(datetime(2026, 6, 4, 1, 0)):
            Today = self.env["crm.smb.today"]
            mine = {(row.kind, row.name) for row in Today.with_user(self.salesman).search([])}
            self.assertIn(("overdue", "Overdue Co"), mine)
            self.assertIn(("today", self.lead.partner_name or self.lead.name), mine)
            self.assertIn(("recycle", "Soon Back Co"), mine)
            self.assertNotIn("Colleague Co", {name for _kind, name in mine}, "a colleague's day is theirs")
            overdue = Today.with_user(self.salesman).search(
                [("partner_id", "=", customer.id), ("kind", "=", "overdue")]
            )
            self.assertEqual(overdue.phone, "139 0000 0001")
            everyone = {row.name for row in Today.with_user(self.sales_manager).search([])}
            self.assertTrue({"Overdue Co", "Colleague Co", "Soon Back Co"} <= everyone)
        self.assertTrue(soon)

    def test_crm_app_opens_on_the_users_start_page(self):
        """A salesperson who chose Today (in their own preferences) starts there; everyone else
        on Odoo's pipeline, as Odoo's own tours expect."""
        Today = self.env["crm.smb.today"]
        self.assertEqual(Today.with_user(self.salesman)._action_open_crm()["res_model"], "crm.lead")
        self.salesman.with_user(self.salesman).write({"crm_smb_start_page": "today"})
        self.assertEqual(Today.with_user(self.salesman)._action_open_crm()["res_model"], "crm.smb.today")
        self.assertEqual(Today.with_user(self.sales_manager)._action_open_crm()["res_model"], "crm.lead")
        root = self.env.ref("crm.crm_menu_root")
        self.assertEqual(root.action, self.env.ref("crm_smb_followup.crm_smb_today_action_open"))
