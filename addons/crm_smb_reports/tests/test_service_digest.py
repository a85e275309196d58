from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_smb_service.tests.common import FRIDAY_4PM, TestServiceCommon


@tagged("post_install", "-at_install")
class TestServiceAnalysis(TestServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(cls.env, login="smb_srv_seller", groups="sales_team.group_sale_salesman")
        cls.customer.write({"user_id": cls.seller.id, "email": "buyer@example.com"})
        complaint_type = cls.env["crm.smb.service.type"].create({"name": "Complaint", "is_complaint": True})
        cls.on_time = cls.new_request(cls, FRIDAY_4PM)
        cls.late = cls.new_request(cls, FRIDAY_4PM, user=cls.agent_2)
        cls.complaint = cls.new_request(
            cls, FRIDAY_4PM, channel="email", type_id=complaint_type.id, root_cause="Wrong part shipped"
        )
        cls.complaint.sudo().write(
            {"user_id": False, "response_status": "on_track", "resolution_status": "on_track"}
        )
        # Outcomes as the SLA engine records them (its computation is tested in crm_smb_service).
        cls.on_time.sudo().write(
            {
                "user_id": cls.agent_1.id,
                "date_first_response": FRIDAY_4PM + timedelta(hours=2),
                "date_resolved": FRIDAY_4PM + timedelta(hours=10),
                "response_status": "met",
                "resolution_status": "met",
            }
        )
        cls.late.sudo().write(
            {"user_id": cls.agent_2.id, "response_status": "breached", "resolution_status": "breached"}
        )
        for request, score in ((cls.on_time, 5), (cls.late, 1)):
            request.rating_apply(score, token=request._rating_get_access_token())

    def test_figures_match_hand_computation(self):
        Report = self.env["crm.smb.service.report"].with_user(self.service_manager)
        domain = [("request_id", "in", (self.on_time | self.late | self.complaint).ids)]
        [[count, complaints, response_met, resolution_met, hours, rating, satisfied, rated]] = (
            Report._read_group(
                domain,
                [],
                [
                    "request_count:sum",
                    "complaint_count:sum",
                    "response_met_rate:avg",
                    "resolution_met_rate:avg",
                    "response_hours:avg",
                    "rating:avg",
                    "satisfaction_rate:avg",
                    "rating_count:sum",
                ],
            )
        )
        self.assertEqual((count, complaints, rated), (3, 1, 2))
        self.assertEqual(
            (response_met, resolution_met), (50.0, 50.0), "one met, one breached, one still on track"
        )
        self.assertAlmostEqual(hours, 2.0, msg="only answered requests count")
        self.assertEqual((rating, satisfied), (3.0, 50.0))
        by_user = dict(
            Report._read_group([*domain, ("rating_count", "=", 1)], ["user_id"], ["satisfaction_rate:avg"])
        )
        self.assertEqual(by_user, {self.agent_1: 100.0, self.agent_2: 0.0})
        complaint = Report.search([*domain, ("is_complaint", "=", True)])
        self.assertEqual((complaint.channel, complaint.root_cause), ("email", "Wrong part shipped"))

    def test_visibility(self):
        domain = [("request_id", "in", (self.on_time | self.late | self.complaint).ids)]
        Report = self.env["crm.smb.service.report"]
        outsider = new_test_user(
            self.env, login="smb_srv_outsider", groups="crm_smb_service.group_service_user"
        )
        self.assertEqual(
            Report.with_user(outsider).search(domain).request_id,
            self.complaint,
            "not in the team: only the unassigned request, as in Service",
        )
        self.assertEqual(len(Report.with_user(self.agent_1).search(domain)), 3, "team member")
        self.assertEqual(len(Report.with_user(self.seller).search(domain)), 3, "the customer's salesperson")
        other_seller = new_test_user(
            self.env, login="smb_srv_seller_2", groups="sales_team.group_sale_salesman"
        )
        self.assertFalse(Report.with_user(other_seller).search(domain))


@tagged("post_install", "-at_install")
class TestKpiDigest(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="smb_digest_manager",
            groups="sales_team.group_sale_manager,crm_smb_service.group_service_manager",
            email="manager@example.com",
        )
        cls.seller = new_test_user(
            cls.env,
            login="smb_digest_seller",
            groups="sales_team.group_sale_salesman",
            email="seller@example.com",
        )
        cls.digest = cls.env.ref("crm_smb_reports.digest_crm_smb_weekly")

    def kpis(self, user):
        return {
            kpi["kpi_name"]: kpi["kpi_col2"]["value"]  # last 7 days
            for kpi in self.digest._compute_kpis(user.company_id, user)
        }

    def test_settings_switch_it_on_for_a_weekday(self):
        settings = self.env["res.config.settings"].create(
            {"crm_smb_kpi_digest": True, "crm_smb_kpi_digest_weekday": "4"}
        )
        settings.execute()
        self.assertEqual(self.digest.state, "activated")
        self.assertEqual(self.digest.next_run_date.weekday(), 4, "Friday")
        self.assertGreater(self.digest.next_run_date, fields.Date.today())
        self.assertIn(self.manager, self.digest.user_ids, "sales and service managers are subscribed")
        self.assertNotIn(self.seller, self.digest.user_ids)
        self.env["res.config.settings"].create({"crm_smb_kpi_digest": False}).execute()
        self.assertEqual(self.digest.state, "deactivated")

    def test_content(self):
        before = self.kpis(self.manager)
        Partner = self.env["res.partner"]
        customers = Partner.create(
            [{"name": f"Digest Co {i}", "is_company": True, "customer_rank": 1} for i in range(2)]
        )
        # an hour ago: the digest's periods end at the current second
        an_hour_ago = fields.Datetime.now() - timedelta(hours=1)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id IN %s", [an_hour_ago, tuple(customers.ids)]
        )
        self.env.invalidate_all()
        self.env["crm.smb.followup"].create(
            {"partner_id": customers[0].id, "summary": "Visited", "date": an_hour_ago}
        )
        self.env["crm.lead"].create({"name": "Big deal", "type": "opportunity", "expected_revenue": 5000})
        after = self.kpis(self.manager)
        self.assertEqual(after["kpi_crm_smb_new_customers"], before["kpi_crm_smb_new_customers"] + 2)
        self.assertEqual(after["kpi_crm_smb_followups"], before["kpi_crm_smb_followups"] + 1)
        for kpi in (
            "kpi_crm_smb_sla_breaches",
            "kpi_crm_smb_satisfaction",
            "kpi_crm_smb_collected",
            "kpi_crm_smb_pipeline",
        ):
            self.assertIn(kpi, after)
        seller_kpis = self.kpis(self.seller)
        self.assertNotIn("kpi_crm_smb_sla_breaches", seller_kpis, "service figures go to service users only")
        self.assertNotIn("kpi_crm_smb_collected", seller_kpis)

        self.digest._action_send_to_user(self.manager, consume_tips=False)
        mail = self.env["mail.mail"].search(
            [("email_to", "like", "manager@example.com")], limit=1, order="id desc"
        )
        self.assertIn("CRM Weekly KPIs", mail.subject)
        for label in (
            "New Customers",
            "Follow-ups Logged",
            "Claimed from Pools",
            "Overdue Receivables",
            "SLA Breaches",
        ):
            self.assertIn(label, mail.body_html)
