from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceUi(HttpCase):
    def test_create_assign_resolve_and_rating_request(self):
        manager = new_test_user(
            self.env,
            login="smb_tour_service_manager",
            groups="crm_smb_service.group_service_manager",
            name="Tour Service Manager",
            lang="en_US",
        )
        agent = new_test_user(
            self.env, login="smb_tour_agent", groups="crm_smb_service.group_service_user", name="Tour Agent"
        )
        self.env["crm.smb.service.team"].create(
            {"name": "Tour Team", "member_ids": [(6, 0, (manager | agent).ids)], "sequence": 1}
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Service Customer", "is_company": True, "email": "tour@customer.example.com"}
        )
        self.start_tour(f"/odoo/contacts/{customer.id}", "crm_smb_service_request_tour", login=manager.login)
        request = self.env["crm.smb.service.request"].search([("partner_id", "=", customer.id)])
        self.assertEqual(request.user_id, agent)
        self.assertTrue(request.is_closed)
        self.assertTrue(
            self.env["rating.rating"].search([("res_model", "=", request._name), ("res_id", "=", request.id)])
        )

    def test_kanban_shows_breached_and_at_risk_requests(self):
        agent = new_test_user(
            self.env,
            login="smb_tour_kanban_agent",
            groups="crm_smb_service.group_service_user",
            name="Kanban Agent",
            lang="en_US",
        )
        team = self.env["crm.smb.service.team"].create(
            {"name": "Kanban Team", "member_ids": [(6, 0, agent.ids)], "sequence": 1}
        )
        customer = self.env["res.partner"].create({"name": "Kanban Customer", "is_company": True})
        Request = self.env["crm.smb.service.request"]
        for name, status in (("breached", "breached"), ("at risk", "at_risk"), ("on track", "on_track")):
            request = Request.create(
                {"name": f"Tour: {name}", "partner_id": customer.id, "team_id": team.id, "user_id": agent.id}
            )
            # What the escalation job sets as time goes by.
            request.write({"resolution_status": status})
        self.start_tour("/odoo/service", "crm_smb_service_kanban_sla_tour", login=agent.login)
