from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged


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
