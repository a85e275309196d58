from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TestFollowupCommon


@tagged("post_install", "-at_install")
class TestHandover(TestFollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.customer_level_id = cls.env.ref("crm_smb_followup.customer_level_a")
        cls.customer_b = cls.env["res.partner"].create(
            {
                "name": "B-level Customer",
                "is_company": True,
                "user_id": cls.salesman.id,
                "customer_level_id": cls.env.ref("crm_smb_followup.customer_level_b").id,
            }
        )
        cls.won_lead = cls.env["crm.lead"].create(
            {
                "name": "Last year's order",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "probability": 100,
            }
        )
        cls.loose_lead = cls.env["crm.lead"].create({"name": "Trade fair card", "user_id": cls.salesman.id})
        cls.call_activity = cls.customer.activity_schedule(
            "mail.mail_activity_data_call", user_id=cls.salesman.id, summary="Call about samples"
        )
        cls.planned = (
            cls.env["crm.smb.followup"]
            .with_user(cls.salesman)
            .create(
                {
                    "partner_id": cls.customer_b.id,
                    "summary": "Quoted",
                    "channel_id": cls.channel_phone.id,
                    "next_contact_date": date.today() + timedelta(days=2),
                }
            )
        )

    def run_wizard(self, **values):
        wizard = (
            self.env["crm.smb.handover.wizard"]
            .with_user(self.sales_manager)
            .create({"from_user_id": self.salesman.id, "to_user_id": self.salesman_2.id, **values})
        )
        wizard.action_apply()
        return self.env["crm.smb.handover"].search([], limit=1)

    def test_moves_exactly_the_chosen_records(self):
        handover = self.run_wizard(
            partner_domain="[('customer_level', '=', 'A')]",
            move_activities=False,
            move_followups=False,
            reason="Leaves on Friday",
        )
        self.assertEqual(self.customer.user_id, self.salesman_2)
        self.assertEqual(self.customer_contact.user_id, self.salesman_2, "contacts follow the company")
        self.assertEqual(self.customer_b.user_id, self.salesman, "filtered out")
        self.assertEqual(self.lead.user_id, self.salesman_2, "open opportunity of a moved customer")
        self.assertEqual(self.won_lead.user_id, self.salesman, "won opportunities stay")
        self.assertEqual(self.loose_lead.user_id, self.salesman, "not a lead of a moved customer")
        self.assertEqual(self.call_activity.user_id, self.salesman, "activities not chosen")
        self.assertEqual(self.planned.next_activity_id.user_id, self.salesman, "follow-ups not chosen")
        self.assertEqual(handover.partner_ids, self.customer)
        self.assertEqual(handover.lead_ids, self.lead)
        self.assertEqual(handover.manager_id, self.sales_manager)
        self.assertEqual(handover.from_user_id, self.salesman)
        for record in (self.customer, self.lead):
            notes = record.message_ids.filtered(lambda m: "Handed over from" in (m.body or ""))
            self.assertEqual(len(notes), 1, record.display_name)
            self.assertIn("Leaves on Friday", notes.body)
        self.assertFalse(self.customer_b.message_ids.filtered(lambda m: "Handed over" in (m.body or "")))

    def test_moves_everything_without_filter(self):
        handover = self.run_wizard()
        self.assertEqual((self.customer | self.customer_b).user_id, self.salesman_2)
        self.assertEqual((self.lead | self.loose_lead).user_id, self.salesman_2)
        self.assertEqual(self.won_lead.user_id, self.salesman)
        self.assertEqual(self.call_activity.user_id, self.salesman_2)
        self.assertEqual(self.planned.next_activity_id.user_id, self.salesman_2)
        self.assertEqual(self.planned.user_id, self.salesman, "who logged the follow-up does not change")
        self.assertEqual(handover.activity_count, 1)
        self.assertEqual(handover.followup_count, 1)

    def test_preview_counts(self):
        form = Form(self.env["crm.smb.handover.wizard"].with_user(self.sales_manager))
        form.from_user_id = self.salesman
        form.to_user_id = self.salesman_2
        self.assertEqual(
            (form.partner_count, form.lead_count, form.activity_count, form.followup_count), (2, 2, 1, 1)
        )
        form.move_customers = False
        self.assertEqual(form.partner_count, 0)

    def test_manager_picks_customers_by_level_and_stage(self):
        """A manager narrows the handover with levels and stages, not a domain editor (which is
        for developer mode)."""
        form = Form(self.env["crm.smb.handover.wizard"].with_user(self.sales_manager))
        form.from_user_id = self.salesman
        form.to_user_id = self.salesman_2
        form.customer_level_ids.add(self.env.ref("crm_smb_followup.customer_level_a"))
        self.assertEqual(form.partner_count, 1)
        form.followup_stage_ids.add(self.stage_proposal)
        self.assertNotEqual(self.customer.followup_stage_id, self.stage_proposal)
        self.assertEqual(form.partner_count, 0)
        with self.assertRaises(AssertionError, msg="the raw domain is not on a manager's form"):
            form.partner_domain = "[]"
        form.followup_stage_ids.clear()
        wizard = form.save()
        wizard.action_apply()
        self.assertEqual(self.customer.user_id, self.salesman_2)
        self.assertEqual(self.customer_b.user_id, self.salesman, "another level")

    def test_previous_owner_loses_access(self):
        self.run_wizard()
        with self.assertRaises(AccessError):
            self.lead.with_user(self.salesman).read(["name"])
        with self.assertRaisesRegex(UserError, "your own customers and leads"):
            self.log_followup(self.salesman, partner_id=self.customer.id)
        self.log_followup(self.salesman_2, partner_id=self.customer.id)

    def test_only_managers_hand_over(self):
        with self.assertRaises(AccessError):
            self.env["crm.smb.handover.wizard"].with_user(self.salesman).create(
                {"from_user_id": self.salesman.id, "to_user_id": self.salesman_2.id}
            )
        with self.assertRaises(AccessError):
            self.env["crm.smb.handover"].with_user(self.salesman).search([])

    def test_refuses_same_person_and_empty_handover(self):
        with self.assertRaises(UserError):
            self.run_wizard(to_user_id=self.salesman.id)
        with self.assertRaises(UserError):
            self.run_wizard(
                partner_domain="[('customer_level', '=', 'D')]",
                move_leads=False,
                move_activities=False,
                move_followups=False,
            )
