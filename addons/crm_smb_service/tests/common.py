from datetime import datetime

from odoo.tests import TransactionCase, new_test_user


class TestServiceCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.calendar = env["resource.calendar"].create(
            {
                "name": "SLA hours (UTC)",
                "tz": "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day in range(5)
                    for period, start, end in (("morning", 9, 12), ("afternoon", 13, 18))
                ],
            }
        )
        cls.agent_1 = new_test_user(
            env, login="smb_agent_1", groups="crm_smb_service.group_service_user", name="Agent 1"
        )
        cls.agent_2 = new_test_user(
            env, login="smb_agent_2", groups="crm_smb_service.group_service_user", name="Agent 2"
        )
        cls.agent_3 = new_test_user(
            env, login="smb_agent_3", groups="crm_smb_service.group_service_user", name="Agent 3"
        )
        cls.leader = new_test_user(
            env, login="smb_service_leader", groups="crm_smb_service.group_service_user", name="Leader"
        )
        cls.service_manager = new_test_user(
            env,
            login="smb_service_manager",
            groups="crm_smb_service.group_service_manager",
            name="Service Manager",
        )
        cls.team = env["crm.smb.service.team"].create(
            {
                "name": "Hangzhou After-sales",
                "leader_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.agent_1 | cls.agent_2 | cls.agent_3).ids)],
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.sla = env["crm.smb.service.sla"].create(
            {
                "name": "Standard",
                "team_ids": [(6, 0, cls.team.ids)],
                "response_hours": 4,
                "resolution_hours": 16,
            }
        )
        cls.customer = env["res.partner"].create({"name": "Service Customer Co", "is_company": True})
        cls.stage_new = env.ref("crm_smb_service.stage_new")
        cls.stage_progress = env.ref("crm_smb_service.stage_in_progress")
        cls.stage_waiting = env.ref("crm_smb_service.stage_waiting")
        cls.stage_resolved = env.ref("crm_smb_service.stage_resolved")

    def new_request(self, received, user=None, **values):
        return (
            self.env["crm.smb.service.request"]
            .with_user(user or self.agent_1)
            .create(
                {
                    "name": "Machine stops",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "date_received": received,
                    **values,
                }
            )
        )


FRIDAY_4PM = datetime(2026, 6, 5, 16, 0)
MONDAY_9AM = datetime(2026, 6, 8, 9, 0)
