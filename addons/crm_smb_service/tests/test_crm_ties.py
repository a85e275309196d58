from odoo.tests import new_test_user, tagged

from .common import MONDAY_9AM, TestServiceCommon


@tagged("post_install", "-at_install")
class TestCrmTiesAndRating(TestServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="smb_service_ties_salesman",
            groups="sales_team.group_sale_salesman",
            name="Ties Salesman",
        )
        cls.customer.write({"user_id": cls.salesman.id, "email": "boss@service-customer.example.com"})

    def test_customer_sees_requests_in_timeline_and_smart_button(self):
        request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        customer = self.customer.with_user(self.salesman)
        self.assertEqual(customer.service_request_count, 1)
        self.assertIn(request.number, str(customer.timeline_html))
        action = customer.action_view_service_requests()
        self.assertEqual(
            self.env["crm.smb.service.request"].with_user(self.salesman).search(action["domain"]), request
        )

    def test_return_visit_logged_as_followup_by_the_salesman(self):
        request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        action = request.with_user(self.salesman).action_log_followup()
        followup = (
            self.env["crm.smb.followup"]
            .with_user(self.salesman)
            .with_context(**action["context"])
            .create({"channel_id": self.env.ref("crm_smb_followup.channel_phone").id})
        )
        self.assertEqual(followup.partner_id, self.customer)
        self.assertIn(request.number, followup.summary)

    def test_similar_resolved_requests_are_suggested(self):
        old = self.new_request(
            MONDAY_9AM,
            user_id=self.agent_1.id,
            name="Packing machine stops",
            resolution="<p>Tighten belt</p>",
        )
        old.write({"stage_id": self.stage_resolved.id})
        unrelated = self.new_request(
            MONDAY_9AM, user_id=self.agent_1.id, name="Invoice question", resolution="<p>Sent</p>"
        )
        unrelated.write({"stage_id": self.stage_resolved.id})
        new = self.new_request(
            MONDAY_9AM,
            user_id=self.agent_1.id,
            name="Packing machine noisy",
            partner_id=self.env["res.partner"].create({"name": "Other"}).id,
        )
        self.assertEqual(new.similar_request_ids, old)

    def test_rating_request_token_flow(self):
        request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        request.with_user(self.agent_1).stage_id = self.stage_resolved
        rating = self.env["rating.rating"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id)]
        )
        self.assertEqual(len(rating), 1, "reaching the resolved stage asks for a rating")
        self.assertTrue(rating.access_token)
        self.assertEqual(rating.partner_id, self.customer)
        # What /rate/<token>/<score> does for the customer, without a login:
        request.rating_apply(5, token=rating.access_token, feedback="Fast and friendly")
        self.assertEqual(request.rating_last_value, 5)
        self.assertEqual(rating.feedback, "Fast and friendly")

    def test_team_satisfaction_and_requests_from_a_lead(self):
        lead = self.env["crm.lead"].create({"name": "Big order", "partner_id": self.customer.id})
        action = lead.with_user(self.agent_1).action_view_service_requests()
        request = self.new_request(
            MONDAY_9AM, user_id=self.agent_1.id, lead_id=action["context"]["default_lead_id"]
        )
        self.assertEqual(lead.service_request_count, 1)
        request.with_user(self.agent_1).stage_id = self.stage_resolved
        rating = self.env["rating.rating"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id)]
        )
        request.rating_apply(5, token=rating.access_token)
        other = self.new_request(MONDAY_9AM, user_id=self.agent_2.id)
        other.with_user(self.agent_2).stage_id = self.stage_resolved
        other_rating = self.env["rating.rating"].search(
            [("res_model", "=", other._name), ("res_id", "=", other.id)]
        )
        other.rating_apply(1, token=other_rating.access_token)
        self.team.invalidate_recordset()
        self.assertEqual(self.team.rating_count, 2)
        self.assertEqual(self.team.rating_percentage_satisfaction, 50)
