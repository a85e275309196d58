from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import company_user


@tagged("post_install", "-at_install")
class TestTodayMoneyAndService(AccountTestInvoicingCommon):
    """Today's work lists the payments due on the salesperson's invoices and the service requests
    due of whoever handles them, each opening its own document."""

    def test_payments_and_requests_due(self):
        seller = company_user(self.env, "smb_today_seller", "sales_team.group_sale_salesman")
        other = company_user(self.env, "smb_today_other", "sales_team.group_sale_salesman")
        customer = self.env["res.partner"].create(
            {"name": "Today Buyer Co", "is_company": True, "user_id": seller.id, "phone": "0571-8888 1234"}
        )
        today = fields.Date.today()
        due = self.init_invoice(
            "out_invoice", partner=customer, amounts=[1000], invoice_date=today - timedelta(days=40)
        )
        due.invoice_date_due = today - timedelta(days=10)
        due.invoice_user_id = seller
        due.action_post()
        later = self.init_invoice("out_invoice", partner=customer, amounts=[500], invoice_date=today)
        later.invoice_date_due = today + timedelta(days=30)
        later.invoice_user_id = seller
        later.action_post()
        request = (
            self.env["crm.smb.service.request"]
            .sudo()
            .create({"name": "Broken hinge", "partner_id": customer.id, "user_id": seller.id})
        )
        request.resolution_deadline = fields.Datetime.now() - timedelta(hours=1)
        Today = self.env["crm.smb.today"]
        mine = Today.with_user(seller).search([("partner_id", "=", customer.id)])
        self.assertEqual(
            {(row.kind, row.res_model, row.res_id) for row in mine},
            {("payment", "account.move", due.id), ("service", "crm.smb.service.request", request.id)},
            "the invoice due, not the one due next month; the request due",
        )
        payment = mine.filtered(lambda row: row.kind == "payment")
        self.assertEqual(payment.phone, "0571-8888 1234")
        self.assertEqual(payment.action_open()["res_id"], due.id)
        self.assertFalse(Today.with_user(other).search([("partner_id", "=", customer.id)]))
