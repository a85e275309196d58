from odoo.tests import new_test_user


class FollowupCommon:
    """Users and customers shared by the follow-up tests (built once per class)."""

    @classmethod
    def setup_followup_data(cls):
        env = cls.env
        cls.salesman = new_test_user(
            env, login="smb_salesman", groups="sales_team.group_sale_salesman", name="Salesman SMB"
        )
        cls.salesman_2 = new_test_user(
            env, login="smb_salesman_2", groups="sales_team.group_sale_salesman", name="Salesman SMB 2"
        )
        cls.sales_manager = new_test_user(
            env, login="smb_sales_manager", groups="sales_team.group_sale_manager", name="Sales Manager SMB"
        )
        cls.stage_first = env.ref("crm_smb_followup.stage_first_contact")
        cls.stage_proposal = env.ref("crm_smb_followup.stage_proposal")
        cls.customer = env["res.partner"].create(
            {"name": "Test Customer Co.", "is_company": True, "user_id": cls.salesman.id}
        )
