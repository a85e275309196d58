from odoo.tests import new_test_user


class FollowupCommon:
    """Users, customers and a lead shared by the follow-up tests (built once per class)."""

    @classmethod
    def setup_followup_data(cls):
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
