from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

T0 = datetime(2026, 6, 1, 2, 0, 0)  # the pools' clock in these tests


class TestFollowupCommon(TransactionCase):
    """Users, customers and a lead shared by the follow-up tests (built once per class)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.salesman = new_test_user(
            env,
            login="smb_salesman",
            groups="sales_team.group_sale_salesman",
            name="Salesman SMB",
            tz="Asia/Shanghai",
        )
        cls.salesman_2 = new_test_user(
            env, login="smb_salesman_2", groups="sales_team.group_sale_salesman", name="Salesman SMB 2"
        )
        cls.all_leads_user = new_test_user(
            env,
            login="smb_all_leads",
            groups="sales_team.group_sale_salesman_all_leads",
            name="All Leads SMB",
        )
        cls.sales_manager = new_test_user(
            env, login="smb_sales_manager", groups="sales_team.group_sale_manager", name="Sales Manager SMB"
        )
        # Team documents level (sales_team_security): leads the second salesman's team
        cls.team_leader = new_test_user(
            env,
            login="smb_team_leader",
            groups="sales_team_security.group_sale_team_manager",
            name="Team Leader SMB",
        )
        cls.sales_team = env["crm.team"].create(
            {
                "name": "SMB Team",
                "user_id": cls.team_leader.id,
                "member_ids": [Command.set(cls.salesman_2.ids)],
            }
        )
        cls.stage_first = env.ref("crm_smb_followup.stage_first_contact")
        cls.stage_needs = env.ref("crm_smb_followup.stage_needs_confirmed")
        cls.stage_proposal = env.ref("crm_smb_followup.stage_proposal")
        cls.channel_phone = env.ref("crm_smb_followup.channel_phone")
        cls.channel_visit = env.ref("crm_smb_followup.channel_visit")
        cls.activity_type = env.ref("crm_smb_followup.mail_activity_type_followup")
        cls.customer = env["res.partner"].create(
            {
                "name": "Test Customer Co.",
                "is_company": True,
                "user_id": cls.salesman.id,
                "followup_stage_id": cls.stage_first.id,
            }
        )
        cls.customer_contact = env["res.partner"].create(
            {"name": "Liu Qiang", "parent_id": cls.customer.id, "function": "Buyer"}
        )
        cls.other_customer = env["res.partner"].create(
            {"name": "Colleague's Customer Ltd", "is_company": True, "user_id": cls.salesman_2.id}
        )
        cls.lead = env["crm.lead"].create(
            {
                "name": "Spring order",
                "type": "opportunity",
                "partner_id": cls.customer_contact.id,
                "user_id": cls.salesman.id,
            }
        )

    def log_followup(self, user, **values):
        values.setdefault("summary", "Called the buyer")
        values.setdefault("channel_id", self.channel_phone.id)
        if "lead_id" not in values:
            values.setdefault("partner_id", self.customer.id)
        return self.env["crm.smb.followup"].with_user(user).create(values)


class TestPoolCommon(TestFollowupCommon):
    """Two pools (customers, masking contact details, with a recycling rule; leads), their
    members, an administrator and a salesperson outside the pools."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env, login="smb_outsider", groups="sales_team.group_sale_salesman", name="Outsider"
        )
        cls.pool_admin = new_test_user(
            cls.env,
            login="smb_pool_admin",
            groups="crm_smb_followup.group_pool_admin",
            name="Pool Admin",
        )
        cls.pool = cls.env["crm.smb.pool"].create(
            {
                "name": "Customer Pool",
                "pool_type": "customer",
                "member_ids": [(6, 0, (cls.salesman | cls.salesman_2).ids)],
                "admin_ids": [(6, 0, cls.pool_admin.ids)],
                "max_claims_per_day": 2,
                "max_holding": 3,
                "reclaim_cooldown_days": 7,
                "lock_limit": 1,
                "mask_contact_details": True,
            }
        )
        cls.rule = cls.env["crm.smb.pool.rule"].create(
            {"name": "Three days", "pool_id": cls.pool.id, "days_without_followup": 3, "warning_days": 1}
        )
        cls.lead_pool = cls.env["crm.smb.pool"].create(
            {"name": "Lead Pool", "pool_type": "lead", "member_ids": [(6, 0, cls.salesman.ids)]}
        )

    def owned_customer(self, name="Owned Co", user=None, **values):
        with freeze_time(T0):
            return self.env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "user_id": (user or self.salesman).id,
                    "pool_id": self.pool.id,
                    "date_claimed": T0,
                    **values,
                }
            )

    def pool_customer(self, name="Pool Co", **values):
        return self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "pool_id": self.pool.id,
                "pool_state": "pool",
                "phone": "+86 21 5555 0101",
                "email": "boss@pool.example.com",
                "street": "88 Nanjing Road",
                **values,
            }
        )

    def recycle(self):
        done, remaining = self.env["crm.smb.pool"]._cron_recycle()
        while remaining:
            done_more, remaining = self.env["crm.smb.pool"]._cron_recycle()
            done += done_more
        return done
