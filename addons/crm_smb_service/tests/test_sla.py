from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FRIDAY_4PM, MONDAY_9AM, TestServiceCommon


@tagged("post_install", "-at_install")
class TestSla(TestServiceCommon):
    def test_deadlines_skip_nights_and_weekends(self):
        with freeze_time(FRIDAY_4PM):
            request = self.new_request(FRIDAY_4PM, user_id=self.agent_1.id)
        self.assertEqual(request.sla_id, self.sla)
        # Friday 16-18 (2h) then Monday 9-11 (2h).
        self.assertEqual(request.response_deadline, datetime(2026, 6, 8, 11, 0))
        # Friday 2h + Monday 8h + Tuesday 6h (9-12, 13-16).
        self.assertEqual(request.resolution_deadline, datetime(2026, 6, 9, 16, 0))

    def test_public_holiday_is_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Dragon Boat Festival",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 6, 8, 0, 0),
                "date_to": datetime(2026, 6, 8, 23, 59),
            }
        )
        with freeze_time(FRIDAY_4PM):
            request = self.new_request(FRIDAY_4PM, user_id=self.agent_1.id)
        self.assertEqual(request.response_deadline, datetime(2026, 6, 9, 11, 0))

    def test_waiting_on_customer_pauses_the_clock(self):
        with freeze_time(MONDAY_9AM):
            request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        self.assertEqual(request.resolution_deadline, datetime(2026, 6, 9, 18, 0))
        with freeze_time(datetime(2026, 6, 8, 10, 0)):
            request.with_user(self.agent_1).stage_id = self.stage_waiting
        with freeze_time(datetime(2026, 6, 9, 10, 0)):
            request.with_user(self.agent_1).stage_id = self.stage_progress
        # Monday 10-12, 13-18 and Tuesday 9-10 did not count: 8 working hours later.
        self.assertEqual(request.paused_hours, 8)
        self.assertEqual(request.resolution_deadline, datetime(2026, 6, 10, 18, 0))

    def test_waiting_past_the_deadline_is_not_a_breach(self):
        """A request waiting on the customer beyond its original deadline is neither breached nor
        escalated: the waiting time does not count."""
        Request = self.env["crm.smb.service.request"]
        with freeze_time(MONDAY_9AM):
            request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id, priority="1")
        with freeze_time(datetime(2026, 6, 8, 10, 0)):  # answered in time
            request.with_user(self.agent_1).stage_id = self.stage_progress
        with freeze_time(datetime(2026, 6, 9, 15, 0)):  # three working hours before the deadline
            request.with_user(self.agent_1).stage_id = self.stage_waiting
        with freeze_time(datetime(2026, 6, 12, 9, 0)):  # days past it, still waiting
            Request._cron_sla_escalation()
            self.assertEqual(request.resolution_status, "at_risk", "three of sixteen hours left")
            self.assertFalse(request.sla_escalated)
            self.assertEqual(request.priority, "1")
            self.assertFalse(request.activity_ids)
            request.with_user(self.agent_1).stage_id = self.stage_progress
            # Tuesday 15-18, Wednesday and Thursday did not count: nineteen working hours later.
            self.assertEqual(request.resolution_deadline, datetime(2026, 6, 12, 12, 0))
            self.assertEqual(request.resolution_status, "at_risk")

    def test_first_response_on_leaving_new_and_met_status(self):
        with freeze_time(MONDAY_9AM):
            request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        self.assertEqual(request.response_status, "on_track")
        with freeze_time(datetime(2026, 6, 8, 10, 0)):
            request.with_user(self.agent_1).stage_id = self.stage_progress
        self.assertEqual(request.date_first_response, datetime(2026, 6, 8, 10, 0))
        self.assertEqual(request.response_status, "met")

    def test_first_public_reply_is_the_first_response(self):
        with freeze_time(MONDAY_9AM):
            request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        with freeze_time(datetime(2026, 6, 8, 9, 30)):
            request.with_user(self.agent_1).message_post(
                body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.date_first_response, datetime(2026, 6, 8, 9, 30))

    def test_at_risk_then_breached_then_escalated_once(self):
        with freeze_time(MONDAY_9AM):
            request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        Request = self.env["crm.smb.service.request"]
        with freeze_time(datetime(2026, 6, 8, 10, 30)):  # 2.5h of 4h left
            Request._cron_sla_escalation()
        self.assertEqual(request.response_status, "on_track")
        with freeze_time(datetime(2026, 6, 8, 12, 15)):  # lunch: 1 working hour left = 25% of 4h
            Request._cron_sla_escalation()
        self.assertEqual(request.response_status, "at_risk")
        with freeze_time(datetime(2026, 6, 8, 14, 1)):  # deadline 14:00 (9-12, 13-14)
            Request._cron_sla_escalation()
            Request._cron_sla_escalation()
        self.assertEqual(request.response_status, "breached")
        self.assertEqual(request.priority, "2", "raised one step, once")
        todo = request.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(todo), 1)
        notes = request.message_ids.filtered(lambda m: "is breached" in (m.body or ""))
        self.assertEqual(len(notes), 1)

    def test_complaint_needs_root_cause_and_action_to_close(self):
        complaint_type = self.env.ref("crm_smb_service.type_complaint")
        request = self.new_request(MONDAY_9AM, type_id=complaint_type.id, user_id=self.agent_1.id)
        with self.assertRaisesRegex(UserError, "root cause and corrective action"):
            request.with_user(self.agent_1).stage_id = self.stage_resolved
        self.assertNotEqual(request.stage_id, self.stage_resolved)
        # Filled in and closed in one save, as the form does.
        request.with_user(self.agent_1).write(
            {
                "root_cause": "Loose belt",
                "corrective_action": "Check belts at installation",
                "stage_id": self.stage_resolved.id,
            }
        )
        self.assertEqual(request.stage_id, self.stage_resolved)
        self.assertTrue(request.date_resolved)

    def test_deadlines_follow_the_sla_hours(self):
        with freeze_time(MONDAY_9AM):
            request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        self.assertEqual(request.response_deadline, datetime(2026, 6, 8, 14, 0))
        self.sla.with_user(self.service_manager).response_hours = 2
        self.assertEqual(request.response_deadline, datetime(2026, 6, 8, 11, 0), "9-11")

    def test_sla_matching_by_type_priority_and_level(self):
        urgent = self.env["crm.smb.service.sla"].create(
            {"name": "Urgent", "sequence": 1, "priority": "3", "response_hours": 1, "resolution_hours": 4}
        )
        request = self.new_request(MONDAY_9AM, priority="3")
        self.assertEqual(request.sla_id, urgent)
        request.priority = "1"
        self.assertEqual(request.sla_id, self.sla)
