from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFollowupUi(HttpCase):
    def test_salesman_logs_followup_from_customer_form(self):
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
        self.start_tour(f"/odoo/contacts/{customer.id}", "crm_smb_followup_log_tour", login=salesman.login)
        followup = customer.followup_ids
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.summary, "Discussed the spring order")
        self.assertEqual(followup.user_id, salesman)
        self.assertEqual(customer.followup_stage_id, self.env.ref("crm_smb_followup.stage_proposal"))
        self.assertEqual(followup.next_activity_id.res_id, customer.id)
