import io
from datetime import timedelta
from unittest.mock import patch

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import company_user


@tagged("post_install", "-at_install")
class TestCollectionAnalysis(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "sales_team.group_sale_salesman,account.group_account_invoice"
        cls.seller = company_user(cls.env, "smb_col_seller", groups)
        cls.other_seller = company_user(cls.env, "smb_col_seller_2", groups)
        cls.manager = company_user(cls.env, "smb_col_manager", "sales_team.group_sale_manager")
        cls.customer = cls.env["res.partner"].create({"name": "Collection Customer Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Buyer", "parent_id": cls.customer.id})
        today = fields.Date.context_today(cls.env.user)
        cls.today = today
        cls.overdue = cls._invoice(
            1000, today - timedelta(days=75), today - timedelta(days=45), partner=cls.contact
        )
        cls._pay(cls.overdue, 400)
        cls.not_due = cls._invoice(500, today - timedelta(days=5), today + timedelta(days=25))
        cls.credit = cls._invoice(
            100, today - timedelta(days=3), today - timedelta(days=3), move_type="out_refund"
        )
        cls.paid = cls._invoice(200, today - timedelta(days=10), today - timedelta(days=1))
        cls._pay(cls.paid, 200)
        cls.others = cls._invoice(
            300, today - timedelta(days=100), today - timedelta(days=95), user=cls.other_seller
        )

    @classmethod
    def _invoice(cls, amount, invoice_date, due, *, move_type="out_invoice", partner=None, user=None):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or cls.customer).id,
                "invoice_user_id": (user or cls.seller).id,
                "invoice_date": invoice_date,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    (0, 0, {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        move.invoice_date_due = due
        return move

    @classmethod
    def _pay(cls, move, amount):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount, "payment_date": move.invoice_date})._create_payments()

    def rows(self, user):
        Report = self.env["crm.smb.collection.report"].with_user(user)
        return {row.move_id: row for row in Report.search([("partner_id", "=", self.customer.id)])}

    def test_figures_match_hand_computation(self):
        rows = self.rows(self.manager)
        self.assertEqual(set(rows), {self.overdue, self.not_due, self.credit, self.paid, self.others})
        row = rows[self.overdue]
        self.assertEqual(row.partner_id, self.customer, "the commercial entity, not the contact")
        self.assertEqual(
            (row.amount_invoiced, row.amount_collected, row.amount_outstanding), (1000, 400, 600)
        )
        self.assertEqual((row.aging_bucket, row.days_overdue, row.amount_overdue), ("31_60", 45, 600))
        self.assertEqual(rows[self.not_due].aging_bucket, "not_due")
        self.assertEqual(rows[self.not_due].amount_overdue, 0)
        self.assertEqual(rows[self.paid].aging_bucket, "paid")
        self.assertEqual(rows[self.credit].amount_invoiced, -100, "credit notes count negative")
        self.assertEqual(rows[self.others].aging_bucket, "over_90")
        totals = (
            self.env["crm.smb.collection.report"]
            .with_user(self.manager)
            ._read_group(
                [("partner_id", "=", self.customer.id)],
                [],
                ["amount_invoiced:sum", "amount_collected:sum", "amount_outstanding:sum"],
            )[0]
        )
        # 1000 + 500 - 100 + 200 + 300 | 400 + 200 | 600 + 500 - 100 + 300
        self.assertEqual(totals, (1900, 600, 1300))

    def test_salesperson_sees_own_figures_manager_everybodys(self):
        self.assertNotIn(self.others, self.rows(self.seller))
        self.assertIn(self.overdue, self.rows(self.seller))
        self.assertEqual(set(self.rows(self.other_seller)), {self.others})
        self.assertIn(self.others, self.rows(self.manager))

    def test_data_check_explains_missing_orders_and_payments(self):
        check = (
            self.env["crm.smb.data.check"]
            .with_user(self.manager)
            .create({"date_from": self.today - timedelta(days=6), "date_to": self.today})
        )
        findings = {text: section for section, text in check._findings()}
        self.assertIn(
            "No confirmed sales orders in this period — sales analysis needs orders entered in Sales.",
            findings,
        )
        self.assertIn(
            "2 invoices exist but no payments are registered — register the customers' payments on their "
            "invoices to see collections.",
            findings,
        )
        empty = (
            self.env["crm.smb.data.check"]
            .with_user(self.manager)
            .create(
                {"date_from": self.today + timedelta(days=300), "date_to": self.today + timedelta(days=330)}
            )
        )
        self.assertIn(
            (
                "Payment Collection:",
                "No posted customer invoices in this period — payment collection needs "
                "invoices posted in Invoicing.",
            ),
            empty._findings(),
        )
        self.assertIn("No posted customer invoices", str(empty.message_html))


@tagged("post_install", "-at_install")
class TestCollectionByPeriod(AccountTestInvoicingCommon):
    """Invoiced and collected per month, per company, in company currency (回款率)."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.setup_other_company(name="Second Company")["company"]
        eur = cls.setup_other_currency("EUR", rates=[("2016-01-01", 2.0)])  # 2 EUR = 1 in company currency
        cls.seller = company_user(cls.env, "smb_period_seller", "sales_team.group_sale_salesman")
        cls.manager = new_test_user(
            cls.env,
            login="smb_period_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.env.company.id,
            company_ids=[(6, 0, (cls.env.company | cls.company_2).ids)],
        )
        cls.customer = cls.env["res.partner"].create({"name": "Period Customer Co", "is_company": True})
        cls.a = cls._invoice(1000, "2026-01-10")
        cls._pay(cls.a, 400, "2026-01-20")  # partial payment
        cls._pay(cls.a, 600, "2026-02-05")
        cls.b = cls._invoice(1000, "2026-01-15", currency=eur)  # 500 in company currency
        cls._pay(cls.b, 1000, "2026-02-10")
        cls.c = cls._invoice(2000, "2026-02-01")
        cls.d = cls._invoice(100, "2026-02-03", move_type="out_refund")
        (cls.c | cls.d).line_ids.filtered(lambda line: line.display_type == "payment_term").reconcile()
        cls.e = cls._invoice(700, "2026-01-12", company=cls.company_2)
        cls._pay(cls.e, 700, "2026-01-30")

    @classmethod
    def _invoice(cls, amount, date, *, move_type="out_invoice", currency=None, company=None, partner=None):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=(company or cls.env.company).ids))
        values = {
            "move_type": move_type,
            "partner_id": (partner or cls.customer).id,
            "invoice_user_id": cls.seller.id,
            "invoice_date": date,
            "invoice_line_ids": [
                (0, 0, {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []})
            ],
        }
        if currency:
            values["currency_id"] = currency.id
        move = env["account.move"].create(values)
        move.action_post()
        return move

    @classmethod
    def _pay(cls, move, amount, date):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids, allowed_company_ids=move.company_id.ids
        ).create({"amount": amount, "payment_date": date})._create_payments()

    def by_month(self, user, companies=None, partner=None):
        """As in the web client, where the company switcher sets the active companies."""
        Report = (
            self.env["crm.smb.collection.period.report"]
            .with_user(user)
            .with_context(allowed_company_ids=(companies or self.env.company).ids)
        )
        groups = Report._read_group(
            [("partner_id", "=", (partner or self.customer).id)],
            ["company_id", "date:month"],
            ["amount_invoiced:sum", "amount_credited:sum", "amount_collected:sum", "collection_rate:avg"],
        )
        return {
            (company.name, month.strftime("%Y-%m")): (
                invoiced,
                credited,
                collected,
                round(rate, 2) if rate is not None else None,
            )
            for company, month, invoiced, credited, collected, rate in groups
        }

    def test_collection_rate_per_month_in_company_currency(self):
        # January: invoiced A 1000 + B 1000 EUR (= 500); collected 400 of A -> 400 / 1500 = 26.67 %
        # February: invoiced C 2000, credited D 100 (settling 100 of C: not money); collected
        # the rest of A 600 + B 500 -> 1100 / (2000 - 100) = 57.89 %
        company = self.env.company.name
        self.assertEqual(
            self.by_month(self.manager),
            {(company, "2026-01"): (1500, 0, 400, 26.67), (company, "2026-02"): (2000, 100, 1100, 57.89)},
        )
        both = self.by_month(self.manager, self.env.company | self.company_2)
        self.assertEqual(both[("Second Company", "2026-01")], (700, 0, 700, 100.0), "per company")
        self.assertEqual(len(both), 3)

    def test_refund_returns_and_credit_to_apply(self):
        """A month of returns reads as such: no negative invoiced amount, no rate of -4,000 %,
        no negative aging bucket."""
        shop = self.env["res.partner"].create({"name": "Returns Shop", "is_company": True})
        # March: invoice F 300 paid in full; credit note G 500 for goods sent back, of which
        # 200 refunded in cash and 300 left for the customer's next order.
        f = self._invoice(300, "2026-03-02", partner=shop)
        self._pay(f, 300, "2026-03-05")
        g = self._invoice(500, "2026-03-10", move_type="out_refund", partner=shop)
        self._pay(g, 200, "2026-03-12")
        company = self.env.company.name
        # invoiced 300, credited 500, collected 300 received - 200 paid back = 100; nothing was
        # invoiced net: no rate (shown as 0, not -50 %)
        self.assertEqual(
            self.by_month(self.manager, partner=shop), {(company, "2026-03"): (300, 500, 100, 0)}
        )
        aging = self.env["crm.smb.collection.report"].search([("move_id", "=", g.id)])
        self.assertEqual(
            (aging.aging_bucket, aging.amount_outstanding, aging.amount_overdue), ("credit", -300, 0)
        )
        buckets = dict(
            self.env["crm.smb.collection.report"]._read_group(
                [("partner_id", "=", shop.id)], ["aging_bucket"], ["amount_outstanding:sum"]
            )
        )
        self.assertEqual(buckets, {"paid": 0, "credit": -300}, "nothing negative in a date bucket")

    def test_foreign_currency_invoice_in_company_currency(self):
        row = self.env["crm.smb.collection.report"].search([("move_id", "=", self.b.id)])
        self.assertEqual(self.b.currency_id.name, "EUR")
        self.assertEqual((row.amount_invoiced, row.amount_collected, row.amount_outstanding), (500, 500, 0))
        self.assertEqual(row.aging_bucket, "paid")
        credit = self.env["crm.smb.collection.report"].search([("move_id", "=", self.c.id)])
        self.assertEqual((credit.amount_collected, credit.amount_outstanding), (100, 1900))

    def test_other_company_stays_out_for_its_users(self):
        self.assertNotIn(("Second Company", "2026-01"), self.by_month(self.seller))
        with self.assertRaises(AccessError):  # a company the salesperson may not work in
            self.by_month(self.seller, self.env.company | self.company_2)
        self.assertEqual(set(self.by_month(self.seller)), set(self.by_month(self.manager)))


@tagged("post_install", "-at_install")
class TestDataHealth(AccountTestInvoicingCommon):
    def test_health_counts_open_the_records(self):
        manager = company_user(self.env, "smb_health_manager", "sales_team.group_sale_manager")
        Check = self.env["crm.smb.data.check"].with_user(manager)
        kinds = ("no_owner", "no_stage", "no_level", "lead_no_activity", "followup_no_next", "duplicate")
        before = {kind: Check.create({})[f"{kind}_count"] for kind in kinds}  # read now: computed lazily
        stage = self.env.ref("crm_smb_followup.stage_first_contact")
        orphan = self.env["res.partner"].create(
            {"name": "Orphan Co", "is_company": True, "customer_rank": 1, "followup_stage_id": stage.id}
        )
        twin_a = self.env["res.partner"].create(
            {"name": "杭州双子机械有限公司", "is_company": True, "customer_rank": 1}
        )
        twin_b = self.env["res.partner"].create(
            {"name": "杭州双子机械(有限公司)", "is_company": True, "customer_rank": 1}
        )
        lead = self.env["crm.lead"].create({"name": "Silent lead"})
        followup = self.env["crm.smb.followup"].create(
            {
                "partner_id": orphan.id,
                "summary": "Call",
                "channel_id": self.env.ref("crm_smb_followup.channel_phone").id,
            }
        )
        after = Check.create({})
        self.assertEqual(after.no_owner_count - before["no_owner"], 3)
        self.assertEqual(after.no_level_count - before["no_level"], 3)
        self.assertEqual(after.no_stage_count - before["no_stage"], 2, "the orphan has a stage")
        self.assertEqual(after.lead_no_activity_count - before["lead_no_activity"], 1)
        self.assertEqual(after.followup_no_next_count - before["followup_no_next"], 1)
        self.assertEqual(after.duplicate_count - before["duplicate"], 2)
        form = Form(Check)  # the dialog: counts shown before anything is saved
        self.assertEqual(form.no_owner_count, after.no_owner_count)
        action = after.with_context(health="duplicate").action_open_health()
        self.assertEqual(
            self.env[action["res_model"]].search(action["domain"]) & (twin_a | twin_b), twin_a | twin_b
        )
        action = after.with_context(health="followup_no_next").action_open_health()
        self.assertIn(followup, self.env[action["res_model"]].search(action["domain"]))
        action = after.with_context(health="lead_no_activity").action_open_health()
        self.assertIn(lead, self.env[action["res_model"]].search(action["domain"]))

    def test_suspected_duplicates_are_what_the_duplicate_check_finds(self):
        """One definition of a duplicate: the health count lists the customers the check (查重)
        warns about — a phone typed as another's mobile, a shared email — and not a company's
        own contact persons."""
        Partner = self.env["res.partner"]
        manager = company_user(self.env, "smb_health_dup_manager", "sales_team.group_sale_manager")
        before = self.env["crm.smb.data.check"].with_user(manager).create({}).duplicate_count
        by_phone = Partner.create({"name": "温州甲公司", "is_company": True, "phone": "0577-8888 1234"})
        by_mobile = Partner.create({"name": "乙先生", "mobile": "+86 577 8888 1234"})
        by_email = Partner.create({"name": "丙公司", "is_company": True, "email": "Sales@Bing.cn"})
        same_email = Partner.create({"name": "丁公司", "is_company": True, "email": "sales@bing.cn"})
        company = Partner.create({"name": "戊公司", "is_company": True, "phone": "021-5555 0000"})
        Partner.create({"name": "戊的采购", "parent_id": company.id, "phone": "021 5555 0000"})
        after = self.env["crm.smb.data.check"].with_user(manager).create({})
        self.assertEqual(after.duplicate_count - before, 4)
        action = after.with_context(health="duplicate").action_open_health()
        listed = Partner.search(action["domain"])
        for customer in (by_phone, by_mobile, by_email, same_email):
            self.assertIn(customer, listed)
            self.assertTrue(customer.with_user(manager).duplicate_warning, "the check warns about it too")
        self.assertNotIn(company, listed, "a company and its own contact person are one customer")

    def test_health_lists_export_to_excel(self):
        seller = company_user(
            self.env, "smb_health_seller", "sales_team.group_sale_salesman,base.group_allow_export"
        )
        pool = self.env["crm.smb.pool"].create(
            {
                "name": "Masked pool",
                "pool_type": "customer",
                "member_ids": [(6, 0, seller.ids)],
                "mask_contact_details": True,
            }
        )
        pooled = (
            self.env["res.partner"]
            .sudo()
            .create(  # waiting in the pool (as the recycling job puts it)
                {
                    "name": "Pooled Health Co",
                    "is_company": True,
                    "customer_rank": 1,
                    "phone": "+86 571 8765 4321",
                    "pool_id": pool.id,
                    "pool_state": "pool",
                }
            )
        )
        self.env["res.partner"].create(
            {"name": "=1+2 未分配客户", "is_company": True, "customer_rank": 1, "phone": "13800000000"}
        )
        check = self.env["crm.smb.data.check"].with_user(seller).create({})
        action = check.action_export_xlsx()
        self.assertEqual(action["tag"], "crm_smb_followup.xlsx_download")
        self.assertEqual(action["params"], {"model": "crm.smb.data.check", "ids": check.ids, "domain": []})
        book = openpyxl.load_workbook(io.BytesIO(check._xlsx_content()))
        self.assertEqual(
            book.sheetnames,
            [
                "Customers without Salesperson",
                "Customers without Follow-up Sta",  # Excel's 31 characters
                "Customers without Level",
                "Open Leads without Next Activit",
                "Follow-ups without Next Date",
                "Suspected Duplicate Customers",
            ],
        )
        no_owner = book["Customers without Salesperson"]
        self.assertEqual(no_owner.freeze_panes, "A2")
        header = [cell.value for cell in no_owner[1]]
        self.assertEqual(header[:2], ["Name", "Salesperson"])
        owners = {row[0].value: row for row in no_owner.iter_rows(min_row=2)}
        self.assertNotIn("Pooled Health Co", owners, "waiting in a pool is not missing an owner")
        unowned = owners["=1+2 未分配客户"]
        self.assertEqual(unowned[0].data_type, "s", "user text stays text")
        self.assertEqual(unowned[header.index("Phone")].value, "13800000000")
        no_level = {row[0].value: row for row in book["Customers without Level"].iter_rows(min_row=2)}
        self.assertNotIn("Pooled Health Co", no_level, "a member sees waiting customers in the pool only")
        self.assertEqual(pooled.phone, "+86 571 8765 4321", "nothing lost")


@tagged("post_install", "-at_install")
class TestXlsxExport(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tricky = cls.env["res.partner"].create(
            {"name": '=HYPERLINK("http://evil.example","x")', "is_company": True}
        )
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.tricky.id,
                "invoice_date": "2026-01-10",
                "invoice_date_due": "2026-01-20",
                "invoice_line_ids": [
                    (0, 0, {"name": "Goods", "quantity": 1, "price_unit": 1234.5, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        cls.move = move

    def test_xlsx_reads_back_with_types_formats_and_no_formula_from_user_text(self):
        rows = self.env["crm.smb.collection.report"].search([("move_id", "=", self.move.id)])
        content = rows._xlsx_content()
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:3], ["Invoice", "Customer", "Salesperson"])
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.auto_filter.ref)
        data = {header[i]: cell for i, cell in enumerate(sheet[2])}
        self.assertEqual(data["Customer"].data_type, "s", "user text stays text")
        self.assertTrue(str(data["Customer"].value).startswith("=HYPERLINK"))
        self.assertEqual(data["Amount Invoiced"].value, 1234.5)
        self.assertEqual(data["Amount Invoiced"].number_format, "#,##0.00")
        self.assertEqual(data["Invoice Date"].value.date().isoformat(), "2026-01-10")
        self.assertEqual(data["Aging"].value, "Over 90 Days")
        total = {header[i]: cell for i, cell in enumerate(sheet[3])}
        self.assertTrue(
            str(total["Amount Invoiced"].value).startswith("=SUBTOTAL(9,"), "our own total formula"
        )

    def test_followup_activity_and_pool_sizes_export(self):
        followup = self.env["crm.smb.followup"].create(
            {
                "partner_id": self.tricky.id,
                "summary": "@SUM(A1:A9) 电话回访",
                "channel_id": self.env.ref("crm_smb_followup.channel_phone").id,
            }
        )
        sheet = openpyxl.load_workbook(io.BytesIO(followup._xlsx_content())).active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:3], ["Date", "Customer", "Lead/Opportunity"])
        summary = sheet.cell(row=2, column=header.index("Summary") + 1)
        self.assertEqual((summary.value, summary.data_type), ("@SUM(A1:A9) 电话回访", "s"))
        self.assertEqual(sheet.cell(row=2, column=1).number_format, "yyyy-mm-dd hh:mm")
        sizes = openpyxl.load_workbook(
            io.BytesIO(self.env["crm.smb.pool.size.report"]._xlsx_content())
        ).active
        self.assertEqual([cell.value for cell in sizes[1]][:3], ["Date", "Pool", "Type"])

    def test_too_many_rows_is_refused_clearly(self):
        with (
            patch("odoo.addons.crm_smb_followup.models.crm_smb_xlsx_export.SHEET_MAX_ROWS", 2),
            self.assertRaisesRegex(UserError, "do not fit in one Excel sheet"),
        ):
            self.env["crm.smb.collection.report"]._xlsx_content()

    def test_download_route(self):
        action = (
            self.env["crm.smb.collection.report"]
            .search([("move_id", "=", self.move.id)])
            .action_export_xlsx()
        )
        self.assertEqual(action["type"], "ir.actions.client", "posted by the web client: no ids in the URL")
        self.assertEqual(action["params"]["model"], "crm.smb.collection.report")
