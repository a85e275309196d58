from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSuiteInstall(TransactionCase):
    def test_reports_installs_the_whole_suite(self):
        """Installing crm_smb_reports alone brings every module the analyses read."""
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ["crm", "crm_smb_followup", "crm_smb_service", "sale_management", "account"],
                )
            ]
        )
        self.assertEqual(
            {m.name: m.state for m in modules},
            {
                "crm": "installed",
                "crm_smb_followup": "installed",
                "crm_smb_service": "installed",
                "sale_management": "installed",
                "account": "installed",
            },
        )

    def test_dependencies_point_one_way(self):
        deps = self.env["ir.module.module.dependency"].search([])
        edges = {(d.module_id.name, d.name) for d in deps}
        self.assertIn(("crm_smb_service", "crm_smb_followup"), edges)
        self.assertIn(("crm_smb_reports", "crm_smb_service"), edges)
        self.assertNotIn(("crm_smb_followup", "crm_smb_service"), edges)
        self.assertNotIn(("crm_smb_followup", "crm_smb_reports"), edges)
        self.assertNotIn(("crm_smb_service", "crm_smb_reports"), edges)
