from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MONDAY_9AM, TestServiceCommon


@tagged("post_install", "-at_install")
class TestAssignmentAndAccess(TestServiceCommon):
    def test_round_robin_is_fair(self):
        self.team.assignment_method = "round_robin"
        assignees = [self.new_request(MONDAY_9AM, user=self.service_manager).user_id for _i in range(6)]
        agents = [self.agent_1, self.agent_2, self.agent_3]
        self.assertEqual(assignees, agents + agents)

    def test_round_robin_skips_members_on_leave(self):
        self.team.assignment_method = "round_robin"
        resource = self.env["resource.resource"].create(
            {"name": "Agent 2", "user_id": self.agent_2.id, "calendar_id": self.calendar.id}
        )
        now = datetime.now()
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Annual leave",
                "resource_id": resource.id,
                "calendar_id": self.calendar.id,
                "date_from": now - timedelta(days=1),
                "date_to": now + timedelta(days=1),
            }
        )
        assignees = [self.new_request(MONDAY_9AM, user=self.service_manager).user_id for _i in range(4)]
        self.assertEqual(assignees, [self.agent_1, self.agent_3, self.agent_1, self.agent_3])

    def test_least_load(self):
        self.team.assignment_method = "least_load"
        for user in (self.agent_1, self.agent_1, self.agent_3):
            self.new_request(MONDAY_9AM, user=self.service_manager, user_id=user.id)
        self.assertEqual(self.new_request(MONDAY_9AM, user=self.service_manager).user_id, self.agent_2)

    def test_service_users_see_their_teams_requests_only(self):
        other_team = self.env["crm.smb.service.team"].create(
            {"name": "Ningbo", "member_ids": [(6, 0, self.leader.ids)]}
        )
        theirs = self.new_request(
            MONDAY_9AM, user=self.service_manager, team_id=other_team.id, user_id=self.leader.id
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.agent_1).read(["name"])
        mine = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        self.assertEqual(mine.with_user(self.agent_2).name, "Machine stops", "same team")
        with self.assertRaises(AccessError):
            mine.with_user(self.agent_1).unlink()
        self.assertEqual(theirs.with_user(self.service_manager).name, "Machine stops")

    def test_agent_outside_the_default_team_registers_a_request(self):
        """An agent of another team registers a request without picking a team: it goes to their
        own team; an agent of no team registers one that the default team's member gets, and
        still sees what they registered (no access error on saving)."""
        self.team.assignment_method = "round_robin"
        self.env["ir.config_parameter"].sudo().set_param("crm_smb_service.default_team_id", self.team.id)
        ningbo_agent = new_test_user(
            self.env, login="smb_ningbo_agent", groups="crm_smb_service.group_service_user"
        )
        ningbo = self.env["crm.smb.service.team"].create(
            {"name": "Ningbo", "member_ids": [(6, 0, ningbo_agent.ids)], "assignment_method": "manual"}
        )
        Request = self.env["crm.smb.service.request"]
        values = {"name": "Noise in the gearbox", "partner_id": self.customer.id}
        request = Request.with_user(ningbo_agent).create(values)
        self.assertEqual(request.team_id, ningbo)
        loner = new_test_user(self.env, login="smb_lone_agent", groups="crm_smb_service.group_service_user")
        request = Request.with_user(loner).create(values)
        self.assertEqual(request.team_id, self.team)
        self.assertIn(request.user_id, self.team.member_ids, "assigned in the default team")
        self.assertEqual(request.with_user(loner).name, "Noise in the gearbox")
        self.assertIn(request.user_id.partner_id, request.message_partner_ids)

    def test_settings_show_the_defaults_in_use(self):
        """Settings show what is used while nothing is set, not empty fields."""
        self.env["ir.config_parameter"].sudo().search(
            [("key", "in", ["crm_smb_service.default_team_id", "crm_smb_followup.activity_type_id"])]
        ).unlink()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            settings.crm_smb_service_default_team_id, self.env["crm.smb.service.team"]._default_team()
        )
        self.assertTrue(settings.crm_smb_service_default_team_id)
        self.assertEqual(
            settings.crm_smb_followup_activity_type_id,
            self.env.ref("crm_smb_followup.mail_activity_type_followup"),
        )

    def test_salespeople_read_their_customers_requests(self):
        salesman = new_test_user(
            self.env, login="smb_service_salesman", groups="sales_team.group_sale_salesman"
        )
        self.customer.user_id = salesman
        request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        other = self.new_request(
            MONDAY_9AM,
            user_id=self.agent_1.id,
            partner_id=self.env["res.partner"].create({"name": "Other Co"}).id,
        )
        self.assertEqual(request.with_user(salesman).name, "Machine stops")
        with self.assertRaises(AccessError):
            request.with_user(salesman).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            other.with_user(salesman).read(["name"])
        # The leader of the salesperson's sales team (team documents) reads them too, not the others
        leader = new_test_user(
            self.env, login="smb_service_team_leader", groups="sales_team_security.group_sale_team_manager"
        )
        self.env["crm.team"].create(
            {"name": "Sellers", "user_id": leader.id, "member_ids": [Command.set(salesman.ids)]}
        )
        Request = self.env["crm.smb.service.request"].with_user(leader)
        self.assertEqual(Request.search([("id", "in", (request | other).ids)]), request)
        with self.assertRaises(AccessError):
            request.with_user(leader).write({"name": "Changed"})
        Report = self.env["crm.smb.service.report"].with_user(leader)
        self.assertEqual(Report.search([("request_id", "in", (request | other).ids)]).request_id, request)
