from freezegun import freeze_time

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

    def test_customer_level_meaning_is_configurable(self):
        labels = dict(self.env["res.partner"]._fields["customer_level"]._description_selection(self.env))
        self.assertEqual(labels["A"], "A - Key account")
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_smb_followup.customer_level_a", "A - 年采购额 > 100万"
        )
        labels = dict(self.env["res.partner"]._fields["customer_level"]._description_selection(self.env))
        self.assertEqual(labels["A"], "A - 年采购额 > 100万")
