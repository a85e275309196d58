from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFollowupUi(HttpCase):
    def test_salesman_moves_customer_stage_in_browser(self):
        salesman = new_test_user(
            self.env,
            login="smb_tour_salesman",
            groups="sales_team.group_sale_salesman",
            name="Tour Salesman",
            lang="en_US",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Customer Ltd",
                "is_company": True,
                "user_id": salesman.id,
                "followup_stage_id": self.env.ref("crm_smb_followup.stage_first_contact").id,
            }
        )
        self.start_tour(f"/odoo/contacts/{customer.id}", "crm_smb_followup_stage_tour", login=salesman.login)
        self.assertEqual(customer.followup_stage_id, self.env.ref("crm_smb_followup.stage_proposal"))
