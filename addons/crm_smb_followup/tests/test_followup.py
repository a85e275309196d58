from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TestFollowupCommon


@tagged("post_install", "-at_install")
class TestFollowup(TestFollowupCommon):
    def open_activities(self, record):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    # -- stage snapshot and move -------------------------------------------------
    def test_stage_snapshot_and_move(self):
        first = self.log_followup(self.salesman, stage_after_id=self.stage_proposal.id)
        self.assertEqual(first.stage_before_id, self.stage_first)
        self.assertEqual(first.stage_after_id, self.stage_proposal)
        self.assertEqual(self.customer.followup_stage_id, self.stage_proposal)

        second = self.log_followup(self.salesman, summary="Sent the contract")
        self.assertEqual(second.stage_before_id, self.stage_proposal)
        self.assertEqual(
            second.stage_after_id, self.stage_proposal, "stage after defaults to the current one"
        )
        self.assertEqual(self.customer.followup_stage_id, self.stage_proposal)

    def test_dialog_preselects_current_stage(self):
        form = Form(
            self.env["crm.smb.followup"]
            .with_user(self.salesman)
            .with_context(default_partner_id=self.customer.id),
            view="crm_smb_followup.crm_smb_followup_view_form_quick",
        )
        self.assertEqual(form.stage_after_id, self.stage_first)
        form.summary = "First visit"
        form.stage_after_id = self.stage_needs
        form.next_contact_date = date.today() + timedelta(days=3)
        followup = form.save()
        self.assertEqual(self.customer.followup_stage_id, self.stage_needs)
        self.assertEqual(followup.user_id, self.salesman)

    def test_contact_person_given_as_customer_becomes_contact(self):
        followup = self.log_followup(self.salesman, partner_id=self.customer_contact.id)
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.contact_id, self.customer_contact)

    def test_dialog_prefills_the_only_contact_person(self):
        with Form(
            self.env["crm.smb.followup"]
            .with_user(self.salesman)
            .with_context(default_partner_id=self.customer.id),
            view="crm_smb_followup.crm_smb_followup_view_form_quick",
        ) as form:
            self.assertEqual(form.contact_id, self.customer_contact, "the customer's only contact person")
            form.summary = "Called the buyer"
        self.env["res.partner"].create({"name": "Second person", "parent_id": self.customer.id})
        form = Form(
            self.env["crm.smb.followup"]
            .with_user(self.salesman)
            .with_context(default_partner_id=self.customer.id),
            view="crm_smb_followup.crm_smb_followup_view_form_quick",
        )
        self.assertFalse(form.contact_id, "two people: the salesperson says which")

    def test_lead_fills_customer_and_contact(self):
        followup = self.log_followup(self.salesman, lead_id=self.lead.id)
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.contact_id, self.customer_contact)

    def test_follow_up_needs_customer_or_lead(self):
        with self.assertRaises(ValidationError):
            self.env["crm.smb.followup"].with_user(self.sales_manager).create(
                {"summary": "Nobody", "channel_id": self.channel_phone.id}
            )

    def test_content_is_sanitized(self):
        followup = self.log_followup(self.salesman, content="<p>ok</p><script>alert(1)</script>")
        self.assertNotIn("<script", followup.content)
        self.assertIn("ok", followup.content)

    # -- next contact: one live activity -----------------------------------------
    def test_single_live_activity_across_followups(self):
        today = fields.Date.context_today(self.customer)
        first = self.log_followup(self.salesman, next_contact_date=today + timedelta(days=2))
        activities = self.open_activities(self.customer)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.date_deadline, today + timedelta(days=2))
        self.assertEqual(activities.user_id, self.salesman)
        self.assertEqual(first.next_activity_id, activities)

        second = self.log_followup(
            self.salesman, next_contact_date=today + timedelta(days=7), next_action="Visit"
        )
        activities = self.open_activities(self.customer)
        self.assertEqual(len(activities), 1, "the previous reminder is marked done, not kept")
        self.assertEqual(activities.date_deadline, today + timedelta(days=7))
        self.assertEqual(activities.summary, "Visit")
        self.assertFalse(first.next_activity_id)
        self.assertTrue(
            self.customer.message_ids.filtered(lambda m: "Followed up on" in (m.body or "")),
            "the done reminder is logged in the customer's chatter",
        )

        second.next_contact_date = today + timedelta(days=9)
        self.assertEqual(self.open_activities(self.customer).date_deadline, today + timedelta(days=9))

        self.log_followup(self.salesman, summary="Customer said no for now")
        self.assertFalse(
            self.open_activities(self.customer), "a follow-up without next date closes the reminder"
        )

    def test_clearing_next_date_removes_its_activity(self):
        followup = self.log_followup(self.salesman, next_contact_date=date.today() + timedelta(days=1))
        followup.next_contact_date = False
        self.assertFalse(self.open_activities(self.customer))

    def test_lead_followup_plans_activity_on_lead(self):
        self.log_followup(
            self.salesman, lead_id=self.lead.id, next_contact_date=date.today() + timedelta(days=1)
        )
        self.assertEqual(len(self.open_activities(self.lead)), 1)
        self.assertFalse(self.open_activities(self.customer))
        self.assertEqual(self.lead.next_contact_date, date.today() + timedelta(days=1))
        self.assertEqual(self.lead.followup_count, 1)

    def test_customer_dates_and_counts(self):
        with freeze_time("2026-03-02 02:00:00"):
            self.log_followup(self.salesman, next_contact_date=date(2026, 3, 5))
        with freeze_time("2026-03-05 03:00:00"):
            last = self.log_followup(self.salesman, next_contact_date=date(2026, 3, 12))
        self.assertEqual(self.customer.last_followup_date, last.date)
        self.assertEqual(self.customer.next_contact_date, date(2026, 3, 12))
        self.assertEqual(self.customer.with_user(self.salesman).followup_count, 2)

    def test_overdue_and_today_filters(self):
        today = fields.Date.context_today(self.customer)
        Followup = self.env["crm.smb.followup"].with_user(self.salesman)
        overdue = self.log_followup(self.salesman, next_contact_date=today - timedelta(days=1))
        other = self.env["res.partner"].create({"name": "Due Today Ltd", "user_id": self.salesman.id})
        due_today = self.log_followup(self.salesman, partner_id=other.id, next_contact_date=today)
        self.assertEqual(
            Followup.search([("next_contact_open", "=", True), ("next_contact_date", "<", today)]), overdue
        )
        self.assertEqual(
            Followup.search(
                [
                    ("user_id", "=", self.salesman.id),
                    ("next_contact_open", "=", True),
                    ("next_contact_date", "=", today),
                ]
            ),
            due_today,
        )
        # A later follow-up closes the overdue reminder: it leaves the "Overdue" filter.
        self.log_followup(self.salesman, summary="Reached them at last")
        self.assertFalse(
            Followup.search([("next_contact_open", "=", True), ("next_contact_date", "<", today)])
        )

    # -- access rules --------------------------------------------------------------
    def test_salesman_cannot_log_on_colleague_customer(self):
        """Refused in words, from the button as from the dialog's save (not by an access error)."""
        for customer in (self.other_customer, self.env["res.partner"].create({"name": "Nobody's Co"})):
            with self.assertRaisesRegex(UserError, "your own customers and leads"):
                self.log_followup(self.salesman, partner_id=customer.id)
            with self.assertRaisesRegex(UserError, "your own customers and leads"):
                customer.with_user(self.all_leads_user).action_log_followup()
        with self.assertRaisesRegex(UserError, "your own customers and leads"):
            self.lead.with_user(self.all_leads_user).action_log_followup()

    def test_salesman_cannot_log_in_a_colleague_name(self):
        with self.assertRaisesRegex(UserError, "its own salesperson"):
            self.log_followup(self.salesman, user_id=self.salesman_2.id)
        mine = self.log_followup(self.salesman)
        for values in ({"user_id": self.salesman_2.id}, {"editable_until": "2099-01-01 00:00:00"}):
            with self.assertRaises(UserError):
                mine.write(values)
        with self.assertRaisesRegex(UserError, "later than now"):
            mine.write({"date": fields.Datetime.now() + timedelta(days=30)})
        won = self.env.ref("crm_smb_followup.stage_won")
        # A colleague's customer: a salesperson does not even read it (sales_team_security)
        with self.assertRaises(AccessError):
            mine.write({"partner_id": self.other_customer.id, "stage_after_id": won.id})
        # Their team leader reads it, and still logs follow-ups on their own customers only
        with self.assertRaisesRegex(UserError, "your own customers and leads"):
            self.log_followup(self.team_leader, partner_id=self.other_customer.id, stage_after_id=won.id)
        self.assertNotEqual(self.other_customer.followup_stage_id, won)

    def test_salesman_reads_own_customers_followups_only(self):
        theirs = self.log_followup(self.salesman_2, partner_id=self.other_customer.id)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).read(["summary"])
        self.assertFalse(
            self.env["crm.smb.followup"].with_user(self.salesman).search([("id", "=", theirs.id)])
        )
        # A manager's follow-up on my customer is mine to read.
        by_manager = self.log_followup(self.sales_manager, summary="Manager visit")
        self.assertEqual(by_manager.with_user(self.salesman).summary, "Manager visit")

    def test_salesman_edits_own_followup_only_on_the_day(self):
        with freeze_time("2026-05-10 03:00:00"):  # 11:00 in Shanghai
            followup = self.log_followup(self.salesman)
            followup.write({"summary": "Called the buyer twice"})
        with freeze_time("2026-05-10 15:59:00"):  # 23:59 in Shanghai: still the same day
            followup.write({"attitude": "interested"})
        with freeze_time("2026-05-10 16:01:00"):  # next day in Shanghai
            Followup = self.env["crm.smb.followup"].with_user(self.salesman)
            self.assertFalse(Followup.search([("id", "=", followup.id), ("editable_today", "=", True)]))
            with self.assertRaises(AccessError):
                followup.write({"summary": "Rewritten history"})
        self.assertEqual(followup.summary, "Called the buyer twice")

    def test_salesman_cannot_edit_colleague_followup(self):
        by_manager = self.log_followup(self.sales_manager)
        with self.assertRaises(AccessError):
            by_manager.with_user(self.salesman).write({"summary": "Mine now"})

    def test_nobody_but_managers_delete(self):
        followup = self.log_followup(self.salesman)
        with self.assertRaises(AccessError):
            followup.with_user(self.salesman).unlink()
        with self.assertRaises(AccessError):
            followup.with_user(self.all_leads_user).unlink()
        followup.with_user(self.sales_manager).unlink()
        self.assertFalse(followup.exists())

    def test_all_leads_user_reads_all_writes_none_of_others(self):
        theirs = self.log_followup(self.salesman_2, partner_id=self.other_customer.id)
        self.assertEqual(theirs.with_user(self.all_leads_user).summary, "Called the buyer")
        with self.assertRaises(AccessError):
            theirs.with_user(self.all_leads_user).write({"summary": "Edited"})

    def test_other_company_followups_are_invisible(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        customer_b = self.env["res.partner"].create({"name": "B Customer", "company_id": company_b.id})
        manager_b = self.env["res.users"].create(
            {
                "name": "Manager B",
                "login": "smb_manager_b",
                "company_id": company_b.id,
                "company_ids": [(6, 0, company_b.ids)],
                "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_manager").id])],
            }
        )
        followup_b = (
            self.env["crm.smb.followup"]
            .with_user(manager_b)
            .create({"partner_id": customer_b.id, "summary": "B call", "channel_id": self.channel_phone.id})
        )
        self.assertEqual(followup_b.company_id, company_b)
        self.assertFalse(
            self.env["crm.smb.followup"].with_user(self.sales_manager).search([("id", "=", followup_b.id)])
        )
        with self.assertRaises(AccessError):
            followup_b.with_user(self.sales_manager).read(["summary"])
