from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceGroups(TransactionCase):
    def test_service_manager_implies_service_user(self):
        manager = new_test_user(
            self.env, login="smb_service_mgr", groups="crm_smb_service.group_service_manager"
        )
        self.assertTrue(manager.has_group("crm_smb_service.group_service_user"))
        self.assertTrue(manager.has_group("base.group_user"))

    def test_service_user_is_not_manager_nor_salesman(self):
        agent = new_test_user(
            self.env, login="smb_service_agent", groups="crm_smb_service.group_service_user"
        )
        self.assertFalse(agent.has_group("crm_smb_service.group_service_manager"))
        self.assertFalse(agent.has_group("sales_team.group_sale_salesman"))

    def test_administrator_manages_service(self):
        self.assertTrue(self.env.ref("base.user_admin").has_group("crm_smb_service.group_service_manager"))
