import re

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDataCheckFindings(TransactionCase):
    """What "Why is it empty?" finds: an empty period of every analysis, lost opportunities
    without a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(cls.env, login="smb_chk_manager", groups="sales_team.group_sale_manager")

    def test_lost_opportunities_without_reason(self):
        Lead = self.env["crm.lead"]
        check = (
            self.env["crm.smb.data.check"]
            .with_user(self.manager)
            .create(
                {"date_from": fields.Date.today(), "date_to": fields.Date.today(), "analysis": "pipeline"}
            )
        )
        before = self.lost_without_reason(check)
        Lead.create({"name": "Lost 3", "type": "opportunity"}).action_set_lost()
        check.invalidate_recordset()
        self.assertEqual(self.lost_without_reason(check), before + 1)

    def lost_without_reason(self, check):
        for _section, text in check._findings():
            found = re.match(r"(\d+) lost opportunities have no lost reason", text)
            if found:
                return int(found.group(1))
        return 0

    def test_completeness_messages_for_an_empty_period(self):
        check = (
            self.env["crm.smb.data.check"]
            .with_user(self.manager)
            .create({"date_from": "2001-01-01", "date_to": "2001-01-31"})
        )
        texts = " | ".join(text for _section, text in check._findings())
        for expected in (
            "No new customer in this period",
            "No customer entered a follow-up stage in this period",
            "No follow-up logged in this period",
            "No lead or opportunity created in this period",
            "No confirmed sales orders in this period",
            "No posted customer invoices in this period",
        ):
            self.assertIn(expected, texts)
        self.assertIn("No new customer in this period", str(check.message_html))

    def test_defaults_and_silent_salespeople(self):
        """A manager opening "Why is it empty?" sees the last thirty days, not one day; the silent
        salespeople are those who sell (team members, lead owners), not managers or service staff."""
        Check = self.env["crm.smb.data.check"].with_user(self.manager)
        today = fields.Date.context_today(Check)  # the manager's day, in the manager's time zone
        check = Check.create({})
        self.assertEqual((check.date_to - check.date_from).days, 29)
        self.assertEqual(check.date_to, today)
        wizard = self.env["crm.smb.salesperson.report.wizard"].with_user(self.manager).create({})
        self.assertEqual((wizard.date_to - wizard.date_from).days, 29)
        seller = new_test_user(
            self.env, login="smb_chk_seller", groups="sales_team.group_sale_salesman", name="Quiet Seller"
        )
        self.env["crm.team"].create({"name": "Check Team", "member_ids": [(6, 0, seller.ids)]})
        agent = new_test_user(
            self.env,
            login="smb_chk_agent",
            groups="sales_team.group_sale_salesman,crm_smb_service.group_service_user",
            name="Service Agent Only",
        )
        other_manager = new_test_user(
            self.env, login="smb_chk_manager_2", groups="sales_team.group_sale_manager", name="Other Manager"
        )
        texts = " | ".join(text for _section, text in check._findings())
        self.assertIn("Quiet Seller", texts)
        for name in (agent.name, other_manager.name):
            self.assertNotIn(name, texts)
