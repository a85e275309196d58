import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.crm_smb_followup import distance_m
from .common import TestPoolCommon

# A 1x1 PNG: a photo taken at the visit
PHOTO = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6300010000050001f8ad1e2d0000000049454e44ae426082"
    )
)
WEST_LAKE = (30.2592, 120.1302)  # the customer's geolocated address


@tagged("post_install", "-at_install")
class TestVisitCheckin(TestPoolCommon):
    """Visit check-in (拜访签到): the phone's position, the server's time, the distance to the
    customer's geolocated address, flagged beyond the radius; the visits analysis."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"partner_latitude": WEST_LAKE[0], "partner_longitude": WEST_LAKE[1]})
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.params.set_param("crm_smb_followup.checkin_radius", 500)

    def visit(self, user=None, **values):
        return self.log_followup(user or self.salesman, channel_id=self.channel_visit.id, **values)

    def test_distance_without_a_map_service(self):
        # West Lake to Hangzhou East railway station: about 8.6 km as the crow flies
        self.assertAlmostEqual(distance_m(*WEST_LAKE, 30.2909, 120.2133) / 1000, 8.6, delta=0.3)
        self.assertEqual(distance_m(*WEST_LAKE, *WEST_LAKE), 0)

    def test_check_in_near_and_far(self):
        near = self.visit()
        result = near.with_user(self.salesman).action_check_in(30.2596, 120.1305, 15)
        self.assertEqual((result["located"], result["flagged"]), (True, False))
        self.assertTrue(near.checkin_date)
        self.assertAlmostEqual(near.checkin_distance, 52, delta=5)
        self.assertEqual((near.checkin_latitude, near.checkin_accuracy), (30.2596, 15))
        far = self.visit()
        result = far.with_user(self.salesman).action_check_in(30.2909, 120.2133, 30)
        self.assertTrue(result["flagged"])
        self.assertTrue(far.checkin_flagged)
        # once only
        with self.assertRaisesRegex(UserError, "checked in already"):
            near.with_user(self.salesman).action_check_in(30.2596, 120.1305, 15)
        # a customer without coordinates: checked in, no distance
        self.other_customer.user_id = self.salesman
        unknown = self.visit(partner_id=self.other_customer.id)
        result = unknown.with_user(self.salesman).action_check_in(30.2596, 120.1305, 15)
        self.assertEqual(
            (result["located"], unknown.checkin_located, unknown.checkin_flagged), (False, False, False)
        )

    def test_what_nobody_forges(self):
        visit = self.visit()
        for values in (
            {"checkin_date": "2026-01-01 08:00:00"},
            {"checkin_distance": 1},
            {"checkin_flagged": False},
        ):
            with self.assertRaisesRegex(UserError, "Check In button"):
                visit.with_user(self.salesman).write(values)
        for latitude, longitude in ((200, 120), ("x", 120), (None, None), (30, 181)):
            with self.assertRaisesRegex(UserError, "no usable position"):
                visit.with_user(self.salesman).action_check_in(latitude, longitude, 10)
        # someone else's visit: not read by a colleague, not checked in by the leader who reads it
        with self.assertRaises(AccessError):
            visit.with_user(self.salesman_2).action_check_in(30.2596, 120.1305, 15)
        theirs = self.visit(self.salesman_2, partner_id=self.other_customer.id)
        with self.assertRaisesRegex(UserError, "its own salesperson"):
            theirs.with_user(self.team_leader).action_check_in(30.2596, 120.1305, 15)
        call = self.log_followup(self.salesman)
        with self.assertRaisesRegex(UserError, "Only a visit"):
            call.with_user(self.salesman).action_check_in(30.2596, 120.1305, 15)
        # checked in at one customer, moved to another afterwards: refused
        visit.with_user(self.salesman).action_check_in(30.2596, 120.1305, 15)
        self.other_customer.user_id = self.salesman
        for values in ({"partner_id": self.other_customer.id}, {"date": "2026-01-01 08:00:00"}):
            with self.assertRaisesRegex(UserError, "stays where and when"):
                visit.with_user(self.salesman).write(values)
        # a visit of another day is not checked in today
        old = self.visit()
        old.sudo().editable_until = "2020-01-01 00:00:00"
        with self.assertRaisesRegex(UserError, "on the day it is logged"):
            old.with_user(self.salesman).action_check_in(30.2596, 120.1305, 15)

    def test_photo_required_by_the_settings(self):
        self.params.set_param("crm_smb_followup.checkin_photo_required", True)
        visit = self.visit().with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "Take a photo"):
            visit.action_check_in(30.2596, 120.1305, 15)
        visit.write({"checkin_photo": PHOTO})
        visit.action_check_in(30.2596, 120.1305, 15)
        with self.assertRaisesRegex(UserError, "stays as it was"):
            visit.write({"checkin_photo": False})

    def test_visits_analysis_per_salesperson(self):
        self.visit().with_user(self.salesman).action_check_in(30.2909, 120.2133, 30)  # far
        self.visit().with_user(self.salesman).action_check_in(30.2596, 120.1305, 15)
        self.visit()  # not checked in
        self.log_followup(self.salesman)  # a call: no visit
        self.visit(self.salesman_2, partner_id=self.other_customer.id)
        self.env.flush_all()
        Visits = self.env["crm.smb.visit.report"]
        [[visits, customers, checked, flagged]] = Visits.with_user(self.salesman)._read_group(
            [], [], ["visit_count:sum", "partner_id:count_distinct", "checkin_count:sum", "flagged_count:sum"]
        )
        self.assertEqual((visits, customers, checked, flagged), (3, 1, 2, 1))
        # the team leader sees their team's visits, not the salesman's
        self.assertEqual(Visits.with_user(self.team_leader).search([]).user_id, self.salesman_2)
        self.assertIn("checkin_latitude", self.env["crm.smb.followup"]._xlsx_fields, "map data in the export")
