from datetime import timedelta

from odoo.tests import new_test_user, tagged

from .common import FRIDAY_4PM, TestServiceCommon


@tagged("post_install", "-at_install")
class TestServiceAnalysis(TestServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(cls.env, login="smb_srv_seller", groups="sales_team.group_sale_salesman")
        cls.customer.write({"user_id": cls.seller.id, "email": "buyer@example.com"})
        complaint_type = cls.env["crm.smb.service.type"].create({"name": "Complaint", "is_complaint": True})
        cls.on_time = cls.new_request(cls, FRIDAY_4PM)
        cls.late = cls.new_request(cls, FRIDAY_4PM, user=cls.agent_2)
        cls.complaint = cls.new_request(
            cls, FRIDAY_4PM, channel="email", type_id=complaint_type.id, root_cause="Wrong part shipped"
        )
        cls.complaint.sudo().write(
            {"user_id": False, "response_status": "on_track", "resolution_status": "on_track"}
        )
        # Outcomes as the SLA engine records them (its computation is tested in crm_smb_service).
        cls.on_time.sudo().write(
            {
                "user_id": cls.agent_1.id,
                "date_first_response": FRIDAY_4PM + timedelta(hours=2),
                "date_resolved": FRIDAY_4PM + timedelta(hours=10),
                "response_status": "met",
                "resolution_status": "met",
            }
        )
        cls.late.sudo().write(
            {"user_id": cls.agent_2.id, "response_status": "breached", "resolution_status": "breached"}
        )
        for request, score in ((cls.on_time, 5), (cls.late, 1)):
            request.rating_apply(score, token=request._rating_get_access_token())

    def test_figures_match_hand_computation(self):
        Report = self.env["crm.smb.service.report"].with_user(self.service_manager)
        domain = [("request_id", "in", (self.on_time | self.late | self.complaint).ids)]
        [[count, complaints, response_met, resolution_met, hours, rating, satisfied, rated]] = (
            Report._read_group(
                domain,
                [],
                [
                    "request_count:sum",
                    "complaint_count:sum",
                    "response_met_rate:avg",
                    "resolution_met_rate:avg",
                    "response_hours:avg",
                    "rating:avg",
                    "satisfaction_rate:avg",
                    "rating_count:sum",
                ],
            )
        )
        self.assertEqual((count, complaints, rated), (3, 1, 2))
        self.assertEqual(
            (response_met, resolution_met), (50.0, 50.0), "one met, one breached, one still on track"
        )
        self.assertAlmostEqual(hours, 2.0, msg="only answered requests count")
        self.assertEqual((rating, satisfied), (3.0, 50.0))
        by_user = dict(
            Report._read_group([*domain, ("rating_count", "=", 1)], ["user_id"], ["satisfaction_rate:avg"])
        )
        self.assertEqual(by_user, {self.agent_1: 100.0, self.agent_2: 0.0})
        complaint = Report.search([*domain, ("is_complaint", "=", True)])
        self.assertEqual((complaint.channel, complaint.root_cause), ("email", "Wrong part shipped"))

    def test_visibility(self):
        domain = [("request_id", "in", (self.on_time | self.late | self.complaint).ids)]
        Report = self.env["crm.smb.service.report"]
        outsider = new_test_user(
            self.env, login="smb_srv_outsider", groups="crm_smb_service.group_service_user"
        )
        self.assertEqual(
            Report.with_user(outsider).search(domain).request_id,
            self.complaint,
            "not in the team: only the unassigned request, as in Service",
        )
        self.assertEqual(len(Report.with_user(self.agent_1).search(domain)), 3, "team member")
        self.assertEqual(len(Report.with_user(self.seller).search(domain)), 3, "the customer's salesperson")
        other_seller = new_test_user(
            self.env, login="smb_srv_seller_2", groups="sales_team.group_sale_salesman"
        )
        self.assertFalse(Report.with_user(other_seller).search(domain))
