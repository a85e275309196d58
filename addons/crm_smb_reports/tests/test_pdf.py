import json
import shutil
import subprocess
import tempfile
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..report import ir_actions_report
from .common import company_user


def pdf_text(content):
    """The text of a PDF, through poppler's pdftotext."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return subprocess.run(  # noqa: S603 - fixed argv, no shell
            [shutil.which("pdftotext"), "-layout", handle.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


@tagged("post_install", "-at_install")
class TestPdfReports(AccountTestInvoicingCommon, HttpCase):
    """Real PDFs through wkhtmltopdf (an HTTP case: wkhtmltopdf fetches the report assets)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = company_user(
            cls.env, "smb_pdf_seller", "sales_team.group_sale_salesman,account.group_account_invoice"
        )
        cls.seller.name = "Pdf Seller"
        cls.manager = company_user(cls.env, "smb_pdf_manager", "sales_team.group_sale_manager")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Pdf Customer Co",
                "is_company": True,
                "customer_rank": 1,
                "user_id": cls.seller.id,
                "phone": "+86 571 8888 1234",
                "lang": "en_US",  # documents print in the customer's language
            }
        )
        cls.env["res.partner"].create(
            {"name": "Buyer Wang", "parent_id": cls.customer.id, "function": "Buyer"}
        )
        cls.env["crm.smb.followup"].with_user(cls.seller).create(
            {
                "partner_id": cls.customer.id,
                "summary": "Discussed the annual contract",
                "next_contact_date": fields.Date.today() + timedelta(days=3),
            }
        )
        cls.env["crm.lead"].create(
            {
                "name": "Second production line",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.seller.id,
                "expected_revenue": 88000,
            }
        )
        invoice = cls.init_invoice("out_invoice", partner=cls.customer, amounts=[1000], post=True)
        invoice.invoice_user_id = cls.seller
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 400})._create_payments()

    def render(self, report, ids, user, data=None):
        content, content_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, ids, data=data)
        )
        self.assertEqual(content_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return pdf_text(content)

    def test_customer_360(self):
        text = self.render("crm_smb_reports.action_report_customer_360", self.customer.ids, self.seller)
        for expected in (
            "Pdf Customer Co",
            "Buyer Wang",
            "Discussed the annual contract",
            "Second production line",
            "88,000.00",
            "1,000.00",  # invoiced
            "400.00",  # collected
            "600.00",  # outstanding
        ):
            self.assertIn(expected, text)

    def test_customer_360_of_a_pooled_customer(self):
        pool = self.env["crm.smb.pool"].create(
            {
                "name": "Masked pool",
                "pool_type": "customer",
                "member_ids": [(6, 0, self.seller.ids)],
                "mask_contact_details": True,
            }
        )
        pooled = (
            self.env["res.partner"]
            .sudo()
            .create(  # waiting in the pool (as the recycling job puts it)
                {
                    "name": "Pooled Co",
                    "is_company": True,
                    "customer_rank": 1,
                    "phone": "+86 571 8765 4321",
                    "pool_id": pool.id,
                    "pool_state": "pool",
                }
            )
        )
        # A member claims it first: the waiting customer is not readable to print.
        with self.assertRaises(AccessError):
            self.render("crm_smb_reports.action_report_customer_360", pooled.ids, self.seller)
        text = self.render("crm_smb_reports.action_report_customer_360", pooled.ids, self.manager)
        self.assertIn("Pooled Co", text)
        self.assertIn("8765 4321", text, "the sales manager sees what the pool holds")

    def test_salesperson_period_report(self):
        """The manager picks the salespeople in the wizard and prints; the PDF is fetched as the
        web client fetches it (the report's data, no record ids in the URL)."""
        with Form(self.env["crm.smb.salesperson.report.wizard"].with_user(self.manager)) as form:
            form.user_ids.clear()
            form.user_ids.add(self.seller)
            form.date_from = fields.Date.today() - timedelta(days=7)
        action = form.record.action_print()
        # What /report/pdf/<name>?options=<data> renders for the web client: no record ids, the
        # data as JSON (an HTTP request cannot be made here: wkhtmltopdf's own requests for the
        # assets would wait for the test's).
        data = json.loads(json.dumps(action["data"], default=str))
        text = self.render(action["report_name"], None, self.manager, data=data)
        self.assertIn("Pdf Seller", text)
        self.assertIn("Pdf Customer Co", text)
        self.assertRegex(text, r"Follow-ups logged\s+1")
        self.assertIn("600.00", text, "outstanding receivables of the salesperson")
        other = (
            self.env["crm.smb.salesperson.report.wizard"]
            .with_user(self.seller)
            .create({"user_ids": [(6, 0, self.manager.ids)]})
        )
        with self.assertRaises(UserError):
            other.action_print()
        # A team leader prints their team's people's, not the others'
        leader = company_user(self.env, "smb_pdf_leader", "sales_team_security.group_sale_team_manager")
        self.env["crm.team"].create(
            {"name": "Pdf team", "user_id": leader.id, "member_ids": [(6, 0, self.seller.ids)]}
        )
        Wizard = self.env["crm.smb.salesperson.report.wizard"].with_user(leader)
        self.assertTrue(Wizard.create({}).can_choose)
        action = Wizard.create({"user_ids": [(6, 0, self.seller.ids)]}).action_print()
        data = json.loads(json.dumps(action["data"], default=str))
        self.assertIn("Pdf Customer Co", self.render(action["report_name"], None, leader, data=data))
        with self.assertRaisesRegex(UserError, "your teams"):
            Wizard.create({"user_ids": [(6, 0, self.manager.ids)]}).action_print()
        with self.assertRaises(AccessError):
            data["user_ids"] = self.manager.ids
            self.render(action["report_name"], None, leader, data=data)

    def test_service_sheet_and_many_records_at_once(self):
        agent = company_user(self.env, "smb_pdf_agent", "crm_smb_service.group_service_user")
        requests = (
            self.env["crm.smb.service.request"]
            .with_user(agent)
            .create([{"name": f"Pump {i} leaks", "partner_id": self.customer.id} for i in range(3)])
        )
        text = self.render("crm_smb_reports.action_report_service_request_sheet", requests[0].ids, agent)
        self.assertIn("Pump 0 leaks", text)
        self.assertIn("Customer signature", text)
        # more records than a batch: rendered by batches and merged into one document
        batch = ir_actions_report.PDF_BATCH
        ir_actions_report.PDF_BATCH = 2  # with the patched Qt; one by one without it
        try:
            text = self.render("crm_smb_reports.action_report_service_request_sheet", requests.ids, agent)
        finally:
            ir_actions_report.PDF_BATCH = batch
        for request in requests:
            self.assertIn(request.number, text)
