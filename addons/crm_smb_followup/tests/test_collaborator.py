from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TestPoolCommon


@tagged("post_install", "-at_install")
class TestCollaborators(TestPoolCommon):
    """Collaborators (协作人): a colleague named on a customer or lead reads it, or edits it and
    logs follow-ups on it, until a date; honoured by the record rules, told in the chatter."""

    def share(self, record, user, access="read", date_end=False, by=None):
        record.with_user(by or self.salesman).write(
            {
                "crm_smb_collaborator_ids": [
                    Command.create({"user_id": user.id, "access": access, "date_end": date_end})
                ]
            }
        )
        return record.crm_smb_collaborator_ids.filtered(lambda c: c.user_id == user)

    def sees(self, user, record):
        return bool(record.with_user(user).search([("id", "=", record.id)]))

    def test_read_access_shows_the_record_and_its_followups_only(self):
        followup = self.log_followup(self.salesman)
        self.assertFalse(self.sees(self.salesman_2, self.customer))
        self.share(self.customer, self.salesman_2)
        self.assertTrue(self.sees(self.salesman_2, self.customer))
        # the customer's form opens, with its contact persons (whose own salesperson is the owner)
        self.assertEqual(self.customer_contact.user_id, self.salesman)
        form = self.customer.with_user(self.salesman_2).web_read({"child_ids": {"fields": {"name": {}}}})
        self.assertEqual(form[0]["child_ids"][0]["name"], "Liu Qiang")
        self.assertTrue(self.sees(self.salesman_2, followup))
        self.assertFalse(self.sees(self.salesman_2, self.lead), "the customer's lead is not shared")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman_2).write({"ref": "C-1"})
        with self.assertRaisesRegex(UserError, "your own customers and leads"):
            self.log_followup(self.salesman_2)
        # listed on the record; the note says who added whom
        self.assertEqual(self.customer.crm_smb_collaborator_ids.user_id, self.salesman_2)
        self.assertIn("Salesman SMB 2", self.customer.message_ids[0].body)
        self.assertEqual(self.customer.message_ids[0].author_id, self.salesman.partner_id)
        self.assertTrue(
            self.env["res.partner"]
            .with_user(self.salesman_2)
            .search([("crm_smb_collaborator_ids.user_id", "=", self.salesman_2.id)])
        )

    def test_edit_access_changes_the_lead_and_logs_followups(self):
        self.share(self.lead, self.salesman_2, access="edit")
        lead = self.lead.with_user(self.salesman_2)
        lead.write({"expected_revenue": 1234})
        self.assertEqual(self.lead.expected_revenue, 1234)
        followup = self.log_followup(self.salesman_2, lead_id=self.lead.id)
        self.assertEqual(followup.user_id, self.salesman_2)
        # the salesperson stays the owner; the collaborator does not take it
        with self.assertRaises(UserError):
            lead.write({"user_id": self.salesman_2.id})
        self.assertEqual(self.lead.user_id, self.salesman)

    def test_until_a_date_then_archived_by_the_daily_job(self):
        collaborator = self.share(self.customer, self.salesman_2, date_end=fields.Date.today())
        self.assertTrue(self.sees(self.salesman_2, self.customer))
        with self.assertRaisesRegex(ValidationError, "past"):
            collaborator.with_user(self.salesman).write({"date_end": fields.Date.today() - timedelta(days=1)})
        self.env.cr.execute(
            "UPDATE crm_smb_collaborator SET date_end = %s WHERE id = %s",
            (fields.Date.today() - timedelta(days=1), collaborator.id),
        )
        collaborator.invalidate_recordset()
        self.env["crm.smb.collaborator"]._cron_expire()
        self.assertFalse(collaborator.exists())
        self.assertFalse(self.sees(self.salesman_2, self.customer))
        self.assertIn("ended", self.customer.message_ids[0].body)
        # the colleague can be named again
        self.share(self.customer, self.salesman_2)
        self.assertTrue(self.sees(self.salesman_2, self.customer))

    def test_following_is_no_way_to_keep_or_widen_access(self):
        collaborator = self.share(self.customer, self.salesman_2, access="edit")
        customer = self.customer.with_user(self.salesman_2)
        customer.message_subscribe(partner_ids=self.salesman_2.partner_id.ids)
        customer.message_post(body="Posted while collaborating")
        # a follower reads, and only reads
        collaborator.access = "read"
        with self.assertRaises(AccessError):
            customer.write({"ref": "F-1"})
        collaborator.with_user(self.salesman).unlink()
        self.assertNotIn(self.salesman_2.partner_id, self.customer.message_partner_ids, "unfollowed")
        self.assertFalse(self.sees(self.salesman_2, self.customer))
        # the salesperson adding a collaborator does not follow by the note; edit collaborators
        # neither delete the customer nor move it elsewhere
        self.share(self.customer, self.salesman_2, access="edit")
        with self.assertRaises(UserError):
            customer.write({"active": False})
        with self.assertRaises(AccessError):
            customer.unlink()
        lead = self.lead.with_user(self.salesman_2)
        self.share(self.lead, self.salesman_2, access="edit")
        for values in ({"team_id": self.sales_team.id}, {"active": False}):
            with self.assertRaises(UserError):
                lead.write(values)

    def test_only_the_owner_their_leader_and_managers_share(self):
        with self.assertRaises(AccessError):
            self.share(self.customer, self.outsider, by=self.salesman_2)
        # a read collaborator does not widen the circle either
        self.share(self.customer, self.salesman_2)
        with self.assertRaises(AccessError):
            self.share(self.customer, self.outsider, by=self.salesman_2)
        # the leader of the owner's team shares a teammate's customer
        self.share(self.other_customer, self.outsider, by=self.team_leader)
        self.assertTrue(self.sees(self.outsider, self.other_customer))
        self.share(self.customer, self.outsider, by=self.sales_manager)
        self.assertTrue(self.sees(self.outsider, self.customer))
        self.assertTrue(self.customer.with_user(self.salesman).crm_smb_can_share)
        self.assertFalse(self.customer.with_user(self.salesman_2).crm_smb_can_share)

    def test_no_way_around_the_rows(self):
        collaborator = self.share(self.customer, self.salesman_2, access="edit")
        # moved onto a colleague's customer: refused
        for values in ({"partner_id": self.other_customer.id}, {"lead_id": self.lead.id}):
            with self.assertRaises(UserError):
                collaborator.with_user(self.salesman).write(values)
        with self.assertRaises(ValidationError):
            self.share(self.customer, self.salesman)  # the salesperson is no collaborator
        portal = self.env["res.users"].create(
            {
                "name": "Portal",
                "login": "smb_collab_portal",
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        with self.assertRaises(ValidationError):
            self.share(self.customer, portal)
        removed = collaborator.with_user(self.salesman)
        removed.unlink()
        self.assertFalse(self.sees(self.salesman_2, self.customer))
        self.assertIn("removed", self.customer.message_ids[0].body)

    def test_a_pool_move_leaves_the_collaborators_behind(self):
        customer = self.owned_customer("Shared Co")
        self.share(customer, self.salesman_2)
        customer.with_user(self.salesman).action_release(reason="No budget")
        self.assertFalse(customer.crm_smb_collaborator_ids)
        self.assertFalse(self.sees(self.salesman_2, customer))

    def test_shared_in_the_form(self):
        with Form(self.customer.with_user(self.salesman)) as form:
            with form.crm_smb_collaborator_ids.new() as line:
                line.user_id = self.salesman_2
                line.access = "edit"
        self.assertEqual(self.customer.crm_smb_collaborator_ids.access, "edit")
