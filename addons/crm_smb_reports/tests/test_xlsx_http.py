import io

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestXlsxDownload(HttpCase):
    def test_download_and_refusals(self):
        new_test_user(self.env, login="smb_xlsx_manager", groups="sales_team.group_sale_manager")
        self.authenticate("smb_xlsx_manager", "smb_xlsx_manager")
        response = self.url_open("/crm_smb_reports/xlsx/crm.smb.sales.report")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertTrue(response.content.startswith(b"PK"), "an xlsx (zip) file")
        self.assertEqual(
            self.url_open("/crm_smb_reports/xlsx/res.users").status_code, 404, "only our analyses"
        )
        self.assertEqual(self.url_open("/crm_smb_reports/xlsx/crm.smb.xlsx.export.mixin").status_code, 404)
        response = self.url_open("/crm_smb_reports/xlsx/crm.smb.data.check")
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.headers["Content-Disposition"], r"\.xlsx$")
        self.assertEqual(len(openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames), 6)
