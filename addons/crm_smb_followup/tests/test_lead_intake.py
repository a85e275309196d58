from odoo.tests import tagged

from .common import TestPoolCommon


@tagged("post_install", "-at_install")
class TestLeadIntake(TestPoolCommon):
    """New leads without a salesperson land in their team's lead pool (a setting per team)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {"name": "Intake Team", "crm_smb_lead_pool_id": cls.lead_pool.id}
        )
        cls.plain_team = cls.env["crm.team"].create({"name": "No Intake Team"})

    def history(self, lead):
        return self.env["crm.smb.pool.history"].search([("lead_id", "=", lead.id)])

    def test_unassigned_lead_waits_in_its_teams_pool(self):
        # as the email alias or the website form creates it: no salesperson
        lead = self.env["crm.lead"].create(
            {"name": "From the website", "team_id": self.team.id, "user_id": False}
        )
        self.assertEqual((lead.pool_state, lead.pool_id), ("pool", self.lead_pool))
        self.assertTrue(lead.pool_entry_date)
        self.assertEqual(self.history(lead).action, "intake")
        # members find it in the pool and claim it
        entry = self.env["crm.smb.pool.lead"].with_user(self.salesman).search([("id", "=", lead.id)])
        self.assertEqual(len(entry), 1)
        entry.action_claim()
        self.assertEqual((lead.user_id, lead.pool_state), (self.salesman, "owned"))
        # Odoo's rule-based assignment never hands out a lead waiting in a pool
        waiting = self.env["crm.lead"].create({"name": "Waits", "team_id": self.team.id, "user_id": False})
        domain = self.team._get_lead_to_assign_domain()
        self.assertNotIn(waiting, self.env["crm.lead"].search(domain))

    def test_off_by_default_and_owned_leads_stay_owned(self):
        plain = self.env["crm.lead"].create(
            {"name": "No pool", "team_id": self.plain_team.id, "user_id": False}
        )
        owned = self.env["crm.lead"].create(
            {"name": "Mine", "team_id": self.team.id, "user_id": self.salesman.id}
        )
        for lead in (plain, owned):
            self.assertEqual(lead.pool_state, "owned")
            self.assertFalse(self.history(lead))

    def test_an_import_names_the_pool(self):
        fields = ["name", "crm_smb_intake_pool_id"]
        result = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .load(fields, [["Imported lead", self.lead_pool.name]])
        )
        self.assertFalse(result["messages"], result["messages"])
        lead = self.env["crm.lead"].browse(result["ids"])
        self.assertEqual(lead.sudo().pool_state, "pool")
        # someone outside the pool cannot drop leads into it
        result = (
            self.env["crm.lead"]
            .with_user(self.outsider)
            .load(fields, [["Dropped lead", self.lead_pool.name]])
        )
        self.assertFalse(result["ids"])
        self.assertIn("member", result["messages"][0]["message"])
