import io
from datetime import datetime

import openpyxl

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged


def sheet_rows(content, title=None):
    """{first cell: row} of a workbook's sheet (the first one, or `title`)."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    sheet = book[title] if title else book.worksheets[0]
    return {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}


@tagged("post_install", "-at_install")
class TestXlsxValues(TransactionCase):
    """The cells hold what the ORM reads for the user: the columns are read in SQL batch by batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="smb_xlsx_values",
            groups="sales_team.group_sale_salesman,base.group_allow_export",
            tz="Asia/Shanghai",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": '=HYPERLINK("http://evil.example","x")', "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create({"name": "Buyer", "parent_id": cls.customer.id})
        cls.lead = cls.env["crm.lead"].create({"name": "+XLSX lead", "user_id": cls.user.id})
        cls.followups = cls.env["crm.smb.followup"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "lead_id": cls.lead.id,
                    "user_id": cls.user.id,
                    "date": datetime(2026, 3, 1, 20, 30),  # UTC: 2 March 04:30 in Shanghai
                    "attitude": "hesitant",
                    "summary": "-1+2 @SUM(A1:A9) 电话回访",
                    "channel_id": cls.env.ref("crm_smb_followup.channel_phone").id,
                    "next_contact_date": "2026-03-09",
                },
                {"partner_id": cls.customer.id, "user_id": cls.user.id, "summary": "=1+1"},
            ]
        )

    def test_cells_hold_what_the_orm_reads(self):
        followups = self.followups.with_user(self.user)
        content = followups._xlsx_content()
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.active
        header = [cell.value for cell in sheet[1]]
        names = list(followups._xlsx_fields)
        self.assertEqual(
            header, [followups._fields[name].get_description(followups.env)["string"] for name in names]
        )
        attitudes = dict(followups._fields["attitude"]._description_selection(followups.env))
        for index, followup in enumerate(followups, start=2):
            cells = dict(zip(names, sheet[index], strict=True))
            local = fields.Datetime.context_timestamp(followup, followup.date).replace(tzinfo=None)
            self.assertEqual(cells["date"].value, local)
            self.assertEqual(cells["partner_id"].value, followup.partner_id.display_name)
            self.assertEqual(cells["partner_id"].data_type, "s", "user text stays text")
            self.assertEqual(cells["user_id"].value, followup.user_id.display_name)
            self.assertEqual(cells["summary"].value, followup.summary)
            self.assertEqual(cells["summary"].data_type, "s", "a formula-like summary stays text")
            self.assertEqual(cells["lead_id"].value, followup.lead_id.display_name or None)
            self.assertEqual(cells["attitude"].value, attitudes.get(followup.attitude))
            self.assertEqual(cells["channel_id"].value, followup.channel_id.display_name or None)
            next_date = followup.next_contact_date
            expected = datetime.combine(next_date, datetime.min.time()) if next_date else None
            self.assertEqual(cells["next_contact_date"].value, expected)
        first = dict(zip(names, sheet[2], strict=True))
        self.assertEqual(first["date"].value, datetime(2026, 3, 2, 4, 30), "in the user's time zone")
        self.assertEqual(first["attitude"].value, "Hesitant")
        self.assertEqual(first["lead_id"].value, "+XLSX lead")

    def test_waiting_customers_are_not_in_a_members_export(self):
        pool = self.env["crm.smb.pool"].create(
            {
                "name": "XLSX masked pool",
                "pool_type": "customer",
                "member_ids": [(6, 0, self.user.ids)],
                "mask_contact_details": True,
            }
        )
        pooled = self.env["res.partner"].create(
            {
                "name": "XLSX Pooled Co",
                "is_company": True,
                "customer_rank": 1,
                "phone": "+86 571 8765 4321",
                "email": "boss@pooled.example",
                "pool_id": pool.id,
                "pool_state": "pool",
            }
        )
        check = self.env["crm.smb.data.check"].with_user(self.user).create({})
        rows = sheet_rows(check._xlsx_content(), "Customers without Level")
        self.assertNotIn("XLSX Pooled Co", rows, "a member sees waiting customers in the pool only")
        self.assertEqual(pooled.phone, "+86 571 8765 4321", "nothing lost")
