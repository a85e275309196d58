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
