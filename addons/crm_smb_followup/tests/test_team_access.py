from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TestPoolCommon


@tagged("post_install", "-at_install")
class TestTeamAccess(TestPoolCommon):
    """The team documents level (数据权限 "own + my team's"): the team leader reads what the
    people of the teams they lead own, and nothing of the salespeople outside them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.lead_2 = env["crm.lead"].create(
            {"name": "Teammate's deal", "type": "opportunity", "user_id": cls.salesman_2.id}
        )
        cls.followup_2 = (
            env["crm.smb.followup"]
            .with_user(cls.salesman_2)
            .create({"partner_id": cls.other_customer.id, "summary": "Teammate's call"})
        )
        cls.followup_1 = (
            env["crm.smb.followup"]
            .with_user(cls.salesman)
            .create({"partner_id": cls.customer.id, "summary": "Outsider's call"})
        )
        History = env["crm.smb.pool.history"]
        cls.moves = History.create(
            [
                {
                    "pool_id": cls.pool.id,
                    "pool_type": "customer",
                    "partner_id": partner.id,
                    "action": "claim",
                    "to_user_id": user.id,
                }
                for partner, user in ((cls.other_customer, cls.salesman_2), (cls.customer, cls.salesman))
            ]
        )
        env.flush_all()

    def visible(self, user, records):
        """The records of `records` that `user` finds."""
        return records.with_user(user).search([("id", "in", records.ids)])

    def test_leader_reads_the_teams_records_and_not_the_others(self):
        leader = self.team_leader
        for mine, not_mine in (
            (self.other_customer, self.customer),
            (self.lead_2, self.lead),
            (self.followup_2, self.followup_1),
            (self.moves[0], self.moves[1]),
        ):
            self.assertEqual(self.visible(leader, mine | not_mine), mine, mine._name)
            with self.assertRaises(AccessError):
                not_mine.with_user(leader).read(["display_name"])
        # The analyses, as the records they read
        partners = self.env["crm.smb.customer.report"].with_user(leader).search([]).partner_id
        self.assertIn(self.other_customer, partners)
        self.assertNotIn(self.customer, partners)
        leads = self.env["crm.smb.pipeline.report"].with_user(leader).search([]).lead_id
        self.assertIn(self.lead_2, leads)
        self.assertNotIn(self.lead, leads)
        # A plain salesperson of the team reads their own only (sales_team_security's contacts)
        self.assertFalse(self.visible(self.salesman, self.other_customer))
        for theirs in (self.customer, self.lead, self.followup_1):
            self.assertFalse(self.visible(self.salesman_2, theirs), theirs._name)
        # "All leads" is above the team level: everything
        everything = self.customer | self.other_customer
        self.assertEqual(self.visible(self.all_leads_user, everything), everything)

    def test_leader_manages_team_leads_but_logs_on_own_customers_only(self):
        self.lead_2.with_user(self.team_leader).write({"expected_revenue": 5000})
        self.assertEqual(self.lead_2.expected_revenue, 5000)
        # A lead of the team, whoever owns it, is the team's
        stray = self.env["crm.lead"].create(
            {"name": "Team's lead", "user_id": self.salesman.id, "team_id": self.sales_team.id}
        )
        self.assertEqual(self.visible(self.team_leader, stray), stray)
        # Follow-ups of the team are read, not rewritten
        with self.assertRaises(AccessError):
            self.followup_2.with_user(self.team_leader).write({"summary": "Rewritten"})

    def test_team_changes_apply_at_once(self):
        leader = self.team_leader
        self.assertFalse(self.visible(leader, self.customer))
        self.sales_team.member_ids = [Command.link(self.salesman.id)]
        self.assertEqual(self.visible(leader, self.customer), self.customer)
        self.assertEqual(self.visible(leader, self.lead), self.lead)
        self.sales_team.crm_team_member_ids.filtered(lambda m: m.user_id == self.salesman).unlink()
        self.assertFalse(self.visible(leader, self.customer))
        self.assertFalse(self.visible(leader, self.lead))
        # A new leader takes the team's records over
        self.sales_team.user_id = self.outsider
        self.assertFalse(self.visible(leader, self.other_customer))
        self.assertFalse(self.visible(leader, self.lead_2))

    def test_contact_persons_go_with_their_company(self):
        """A customer handed over keeps contact persons whose own salesperson is the previous
        owner: the new owner reads them with the customer."""
        self.assertEqual(self.customer_contact.user_id, self.salesman)
        self.customer.with_user(self.sales_manager).write({"user_id": self.salesman_2.id})
        self.assertEqual(self.visible(self.salesman_2, self.customer_contact), self.customer_contact)
