from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFollowupUi(HttpCase):
    def test_salesman_logs_followup_from_customer_form(self):
        salesman = new_test_user(
            self.env,
            login="smb_tour_salesman",
            groups="sales_team.group_sale_salesman",
            name="Tour Salesman",
            lang="en_US",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Customer Ltd",
                "is_company": True,
                "user_id": salesman.id,
                "followup_stage_id": self.env.ref("crm_smb_followup.stage_first_contact").id,
            }
        )
        self.start_tour(f"/odoo/contacts/{customer.id}", "crm_smb_followup_log_tour", login=salesman.login)
        followup = customer.followup_ids
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.summary, "Discussed the spring order")
        self.assertEqual(followup.user_id, salesman)
        self.assertEqual(customer.followup_stage_id, self.env.ref("crm_smb_followup.stage_proposal"))
        self.assertEqual(followup.next_activity_id.res_id, customer.id)

    def test_salesman_claims_from_pool_and_sees_phone(self):
        salesman = new_test_user(
            self.env,
            login="smb_pool_tour_salesman",
            groups="sales_team.group_sale_salesman",
            name="Pool Tour Salesman",
            lang="en_US",
        )
        pool = self.env["crm.smb.pool"].create(
            {
                "name": "Tour Pool",
                "pool_type": "customer",
                "member_ids": [(6, 0, salesman.ids)],
                "mask_contact_details": True,
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Pool Customer",
                "is_company": True,
                "phone": "+86 21 5555 0101",
                "pool_id": pool.id,
                "pool_state": "pool",
            }
        )
        self.start_tour("/odoo/customer-pool", "crm_smb_pool_claim_tour", login=salesman.login)
        self.assertEqual(customer.user_id, salesman)
        self.assertEqual(customer.pool_state, "owned")

    def test_crm_opens_on_todays_work_for_a_salesperson(self):
        salesman = new_test_user(
            self.env,
            login="smb_today_salesman",
            groups="sales_team.group_sale_salesman",
            name="Today Salesman",
            lang="en_US",
        )
        salesman.crm_smb_start_page = "today"  # as the demo salespeople
        customer = self.env["res.partner"].create(
            {
                "name": "Today Customer Ltd",
                "is_company": True,
                "user_id": salesman.id,
                "mobile": "+86 571 8888 7777",
                "followup_stage_id": self.env.ref("crm_smb_followup.stage_first_contact").id,
            }
        )
        self.env["crm.smb.followup"].with_user(salesman).create(
            {
                "partner_id": customer.id,
                "summary": "Asked for a quote",
                "next_contact_date": fields.Date.today() - timedelta(days=1),
            }
        )
        self.start_tour("/odoo", "crm_smb_today_tour", login=salesman.login)


@tagged("post_install", "-at_install")
class TestFollowupPhone(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_day_actions_are_buttons_on_a_phone(self):
        salesman = new_test_user(
            self.env,
            login="smb_phone_salesman",
            groups="sales_team.group_sale_salesman",
            name="Phone Salesman",
            lang="en_US",
        )
        pool = self.env["crm.smb.pool"].create(
            {
                "name": "Phone Pool",
                "pool_type": "customer",
                "member_ids": [(6, 0, salesman.ids)],
                "lock_limit": 2,
            }
        )
        customer = self.env["res.partner"].create(
            {"name": "Phone Customer Ltd", "is_company": True, "user_id": salesman.id, "pool_id": pool.id}
        )
        self.start_tour(
            f"/odoo/contacts/{customer.id}", "crm_smb_followup_phone_actions_tour", login=salesman.login
        )

    def test_daily_report_from_a_phone_and_the_leaders_completion_view(self):
        seller = new_test_user(
            self.env,
            login="smb_tour_seller",
            groups="sales_team.group_sale_salesman",
            name="Tour Seller",
            tz="UTC",
            lang="en_US",
        )
        leader = new_test_user(
            self.env,
            login="smb_tour_leader",
            groups="sales_team_security.group_sale_team_manager",
            name="Tour Leader",
            tz="UTC",
            lang="en_US",
        )
        team = self.env["crm.team"].create(
            {"name": "Tour Team", "user_id": leader.id, "member_ids": [(6, 0, seller.ids)]}
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Plant Co", "is_company": True, "user_id": seller.id}
        )
        Followup = self.env["crm.smb.followup"].with_user(seller)
        for channel in ("channel_phone", "channel_visit"):
            Followup.create(
                {
                    "partner_id": customer.id,
                    "channel_id": self.env.ref(f"crm_smb_followup.{channel}").id,
                    "summary": "Tour follow-up",
                }
            )
        # every day, due at the end of the day: today is due, yesterday missing
        self.env["crm.smb.work.report.rule"].create(
            {
                "team_id": team.id,
                "report_type": "daily",
                "saturday": True,
                "sunday": True,
                "deadline": 24.0,
                "date_start": fields.Date.today() - timedelta(days=1),
            }
        )
        self.start_tour(
            "/odoo/action-crm_smb_followup.crm_smb_work_report_action/new",
            "crm_smb_work_report_tour",
            login=seller.login,
        )
        report = self.env["crm.smb.work.report"].search([("user_id", "=", seller.id)])
        self.assertEqual((report.state, report.followup_count, report.visit_count), ("submitted", 2, 1))
        self.assertEqual(report.recipient_ids, leader)
        self.start_tour(
            "/odoo/action-crm_smb_followup.crm_smb_work_report_completion_action",
            "crm_smb_work_report_completion_tour",
            login=leader.login,
        )

    def test_visit_checked_in_from_a_phone(self):
        seller = new_test_user(
            self.env,
            login="smb_tour_visitor",
            groups="sales_team.group_sale_salesman",
            name="Tour Visitor",
            lang="en_US",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Lakeside Co",
                "is_company": True,
                "user_id": seller.id,
                "partner_latitude": 30.2592,
                "partner_longitude": 120.1302,
            }
        )
        visit = (
            self.env["crm.smb.followup"]
            .with_user(seller)
            .create(
                {
                    "partner_id": customer.id,
                    "channel_id": self.env.ref("crm_smb_followup.channel_visit").id,
                    "summary": "Visit at the plant",
                }
            )
        )
        self.start_tour(
            f"/odoo/action-crm_smb_followup.crm_smb_followup_action/{visit.id}",
            "crm_smb_visit_checkin_tour",
            login=seller.login,
        )
        self.assertTrue(visit.checkin_date)
        self.assertAlmostEqual(visit.checkin_distance, 52, delta=5)
        self.assertEqual((visit.checkin_accuracy, visit.checkin_flagged), (12, False))
