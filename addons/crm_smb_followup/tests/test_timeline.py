from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TestFollowupCommon


@tagged("post_install", "-at_install")
class TestTimeline(TestFollowupCommon):
    def test_timeline_newest_first_with_followups_and_leads(self):
        with freeze_time("2026-04-01 02:00:00"):
            self.log_followup(self.salesman, summary="Older call")
        with freeze_time("2026-04-03 02:00:00"):
            self.log_followup(self.salesman, summary="Newer visit", channel_id=self.channel_visit.id)
        secret = self.env["crm.lead"].create(
            {"name": "Colleague's side deal", "partner_id": self.customer.id, "user_id": self.salesman_2.id}
        )
        customer = self.customer.with_user(self.salesman)
        events = customer._timeline_events()
        titles = [e["title"] for e in sorted(events, key=lambda e: e["date"], reverse=True)]
        self.assertLess(titles.index("Newer visit"), titles.index("Older call"))
        self.assertIn("Spring order", titles, "the customer's opportunity")
        self.assertNotIn(secret.name, titles, "nobody sees more in the timeline than elsewhere")
        html = str(customer.timeline_html)
        self.assertLess(html.index("Newer visit"), html.index("Older call"))
        self.assertIn("fa-car", html, "the visit channel's icon")

    def test_contact_person_form_shows_the_company_history(self):
        self.log_followup(self.salesman, summary="Talked to Liu")
        self.assertIn("Talked to Liu", str(self.customer_contact.with_user(self.salesman).timeline_html))

    def test_customer_levels_are_the_companys_own(self):
        """Levels are records: renamed (in each language), added, their code kept for rules."""
        level_a = self.env.ref("crm_smb_followup.customer_level_a")
        self.assertEqual(level_a.name, "A - Key account")
        self.customer.customer_level_id = level_a
        level_a.with_user(self.sales_manager).name = "A - 年采购额 > 100万"
        self.assertEqual(self.customer.customer_level_id.display_name, "A - 年采购额 > 100万")
        self.assertEqual(self.customer.customer_level, "A", "rules and filters name it by its code")
        strategic = (
            self.env["crm.smb.customer.level"]
            .with_user(self.sales_manager)
            .create({"name": "S - Strategic", "code": "S", "sequence": 1})
        )
        self.customer.customer_level_id = strategic
        self.assertEqual(self.customer.customer_level, "S")
        with self.assertRaises(AccessError):
            self.env["crm.smb.customer.level"].with_user(self.salesman).create({"name": "X", "code": "X"})
