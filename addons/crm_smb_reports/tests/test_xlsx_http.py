import io
import json
from html import unescape

import openpyxl

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

XLSX_ROUTE = "/crm_smb/xlsx/crm.smb.followup"


def sheet_rows(content, sheet=0):
    """The rows of a workbook's sheet, as tuples of values."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return list(book.worksheets[sheet].iter_rows(values_only=True))


@tagged("post_install", "-at_install")
class TestXlsxDownload(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="smb_xlsx_manager", groups="sales_team.group_sale_manager,base.group_allow_export"
        )
        cls.customer = cls.env["res.partner"].create({"name": "XLSX Route Co", "is_company": True})
        cls.followups = cls.env["crm.smb.followup"].create(
            [{"partner_id": cls.customer.id, "summary": f"XLSX route call {n}"} for n in range(3)]
        )

    def _post(self, url, data):
        return self.url_open(url, data={**data, "csrf_token": http.Request.csrf_token(self)})

    def test_download_and_refusals(self):
        self.authenticate("smb_xlsx_manager", "smb_xlsx_manager")
        response = self.url_open("/crm_smb/xlsx/crm.smb.sales.report")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertTrue(response.content.startswith(b"PK"), "an xlsx (zip) file")
        self.assertEqual(self.url_open("/crm_smb/xlsx/res.users").status_code, 404, "only our analyses")
        self.assertEqual(self.url_open("/crm_smb/xlsx/crm.smb.xlsx.export.mixin").status_code, 404)
        response = self.url_open("/crm_smb/xlsx/crm.smb.data.check")
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.headers["Content-Disposition"], r"\.xlsx$")
        self.assertEqual(len(openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames), 6)

    def test_large_selection_is_posted(self):
        """20,000 selected ids travel in the POST body (a GET URL that long gets "414 URI Too Long")."""
        self.authenticate("smb_xlsx_manager", "smb_xlsx_manager")
        action = self.followups.with_user(self.manager).action_export_xlsx()
        self.assertEqual(action["tag"], "crm_smb_followup.xlsx_download")
        self.assertEqual(
            action["params"], {"model": "crm.smb.followup", "ids": self.followups.ids, "domain": []}
        )
        top = self.env["crm.smb.followup"].search([], order="id desc", limit=1).id
        ids = [*self.followups.ids, *range(top + 1, top + 20_000)]  # the others do not exist (any more)
        response = self._post(XLSX_ROUTE, {"ids": ",".join(map(str, ids))})
        self.assertEqual(response.status_code, 200)
        summaries = [row[6] for row in sheet_rows(response.content)[1:]]
        self.assertEqual(summaries, self.followups.mapped("summary"), "the selected follow-ups, by id")
        with mute_logger("odoo.http"):  # Odoo warns about the missing token
            response = self.url_open(XLSX_ROUTE, data={"ids": str(self.followups[0].id)})
        self.assertEqual(response.status_code, 400, "a post without the CSRF token is refused")

    def test_nothing_selected_exports_what_the_list_shows(self):
        self.authenticate("smb_xlsx_manager", "smb_xlsx_manager")
        domain = [("partner_id", "=", self.customer.id), ("summary", "!=", "XLSX route call 1")]
        action = (
            self.env["crm.smb.followup"]
            .with_user(self.manager)
            .with_context(active_domain=domain)
            .action_export_xlsx()
        )
        self.assertEqual(action["params"], {"model": "crm.smb.followup", "ids": [], "domain": domain})
        response = self._post(XLSX_ROUTE, {"ids": "", "domain": json.dumps(domain)})
        self.assertEqual(response.status_code, 200)
        summaries = [row[6] for row in sheet_rows(response.content)[1:]]
        self.assertEqual(summaries, ["XLSX route call 0", "XLSX route call 2"])
        response = self._post(XLSX_ROUTE, {"domain": '[["id", "in"'})
        self.assertEqual(response.status_code, 400)
        for domain in ('[["no_such_field", "=", 1]]', '[["id", "no-op", 1]]', '{"a": 1}'):
            response = self._post(XLSX_ROUTE, {"domain": domain})
            self.assertEqual(response.status_code, 400, domain)
            message = json.loads(unescape(response.text))["data"]["message"]
            self.assertIn("filter cannot be exported", message)

    def test_export_right_is_required(self):
        """As Odoo's own export: no workbook without base.group_allow_export, the data health's included."""
        seller = new_test_user(self.env, login="smb_xlsx_no_export", groups="sales_team.group_sale_salesman")
        self.assertFalse(seller.has_group("base.group_allow_export"))
        with self.assertRaisesRegex(AccessError, "rights to export data"):
            self.env["crm.smb.followup"].with_user(seller).action_export_xlsx()
        self.authenticate("smb_xlsx_no_export", "smb_xlsx_no_export")
        response = self._post(XLSX_ROUTE, {"ids": str(self.followups[0].id)})
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("spreadsheetml", response.headers["Content-Type"])
        error = json.loads(unescape(response.text))
        self.assertIn("rights to export data", error["data"]["message"], "the web client shows it")
        self.assertEqual(self.url_open("/crm_smb/xlsx/crm.smb.sales.report").status_code, 403)
        self.assertEqual(self.url_open("/crm_smb/xlsx/crm.smb.data.check").status_code, 403)
