import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import company_user


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 04:00:00")  # noon in Shanghai; the plans below fall in June and July
class TestCollectionPlan(AccountTestInvoicingCommon):
    """Collection plans (回款计划): instalments of a confirmed order, what was collected allocated
    to them from the invoices' payments, and the salesperson's reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "sales_team.group_sale_salesman,account.group_account_invoice"
        cls.seller = company_user(cls.env, "smb_plan_seller", groups)
        cls.other_seller = company_user(cls.env, "smb_plan_seller_2", groups)
        cls.seller.tz = cls.other_seller.tz = "Asia/Shanghai"
        cls.customer = cls.env["res.partner"].create({"name": "Plan Customer Co", "is_company": True})
        cls.product = cls.env["product.product"].create(
            {"name": "Plan Machine", "list_price": 1000.0, "standard_price": 500.0, "invoice_policy": "order"}
        )
        cls.env.company.crm_smb_order_approval = False

    def order(self, total, pricelist=None, user=None, date_order="2026-06-01 02:00:00"):
        values = {
            "partner_id": self.customer.id,
            "user_id": (user or self.seller).id,
            "date_order": date_order,
            "order_line": [
                Command.create(
                    {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": total, "tax_id": []}
                )
            ],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        order = self.env["sale.order"].create(values)
        order.action_confirm()
        return order

    def plan(self, order, *amounts_dates):
        return self.env["crm.smb.collection.plan"].create(
            [
                {"order_id": order.id, "instalment": number, "amount": amount, "date_planned": day}
                for number, (amount, day) in enumerate(amounts_dates, start=1)
            ]
        )

    def invoice(self, order):
        move = order._create_invoices()
        move.invoice_date = "2026-06-02"
        move.action_post()
        return move

    def pay(self, move, amount, currency=None, day="2026-06-05"):
        values = {"amount": amount, "payment_date": day}
        if currency:
            values["currency_id"] = currency.id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create(values)._create_payments()

    def figures(self, plans):
        return [(p.amount_collected, p.amount_outstanding, p.state) for p in plans.sorted("instalment")]

    def test_plan_from_the_payment_terms(self):
        terms = self.env["account.payment.term"].create(
            {
                "name": "30% now, 70% in 30 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 70.0, "nb_days": 30}),
                ],
            }
        )
        order = self.order(10000)
        order.payment_term_id = terms
        order.action_crm_smb_plan_collections()
        plans = order.crm_smb_collection_plan_ids.sorted("instalment")
        self.assertEqual(plans.mapped("amount"), [3000.0, 7000.0])
        self.assertEqual(plans.mapped("date_planned"), [date(2026, 6, 1), date(2026, 7, 1)])
        with self.assertRaises(UserError):
            order.action_crm_smb_plan_collections()

    def test_without_terms_one_instalment_for_the_order(self):
        order = self.order(5000)
        order.payment_term_id = False
        order.action_crm_smb_plan_collections()
        self.assertEqual(order.crm_smb_collection_plan_ids.mapped("amount"), [5000.0])

    def test_instalments_cannot_exceed_the_order(self):
        order = self.order(10000)
        self.plan(order, (6000, "2026-06-10"))
        with self.assertRaisesRegex(ValidationError, "more than the order"):
            self.plan(order, (4000.01, "2026-07-10"))
        draft = self.env["sale.order"].create({"partner_id": self.customer.id})
        with self.assertRaises(ValidationError):
            self.plan(draft, (10, "2026-06-10"))

    def test_payments_and_a_refund_allocated_in_date_order(self):
        order = self.order(10000)
        # typed out of order: the allocation follows the dates, not the creation
        third, first, second = self.plan(
            order, (4000, "2026-08-01"), (3000, "2026-06-10"), (3000, "2026-07-01")
        )
        plans = first + second + third
        self.assertEqual(
            (first.amount_collected, first.amount_outstanding, first.state), (0, 3000, "pending")
        )
        invoice = self.invoice(order)
        self.pay(invoice, 4000)
        # 4,000 received: 3,000 to the June instalment, 1,000 to July's
        self.assertEqual(
            [(p.amount_collected, p.amount_outstanding) for p in plans], [(3000, 0), (1000, 2000), (0, 4000)]
        )
        self.assertEqual([p.state for p in plans][:2], ["paid", "partial"])
        self.pay(invoice, 2500)
        # 6,500: June 3,000, July 3,000, August 500
        self.assertEqual([p.amount_collected for p in plans], [3000, 3000, 500])
        # 1,000 refunded to the customer (a credit note for the order, paid back): 5,500 collected
        credit_note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "invoice_date": "2026-06-06",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": 1000,
                            "tax_ids": [],
                            "sale_line_ids": [Command.link(order.order_line.id)],
                        }
                    )
                ],
            }
        )
        credit_note.action_post()
        self.pay(credit_note, 1000)
        self.assertEqual([p.amount_collected for p in plans], [3000, 2500, 0])
        self.assertEqual([p.state for p in plans], ["paid", "partial", "pending"])

    def test_a_credit_note_applied_to_the_invoice_is_not_money(self):
        order = self.order(10000)
        plans = self.plan(order, (10000, "2026-06-30"))
        invoice = self.invoice(order)
        credit_note = invoice._reverse_moves(
            [{"invoice_date": "2026-06-03", "ref": "discount"}], cancel=False
        )
        credit_note.invoice_line_ids.price_unit = 2000
        credit_note.action_post()  # a reversal is applied to its invoice when posted
        self.assertEqual(invoice.amount_residual, 8000)
        self.assertEqual(self.figures(plans), [(0.0, 10000.0, "pending")])

    def test_foreign_currency_order(self):
        # 1 company currency = 2 units of the other currency (the common's rate since 2017)
        other = self.setup_other_currency("EUR")
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": other.id})
        order = self.order(1000, pricelist=pricelist)
        self.assertEqual(order.currency_id, other)
        plans = self.plan(order, (500, "2026-06-10"), (500, "2026-07-10"))
        self.assertEqual(plans.mapped("amount_company"), [250.0, 250.0])
        invoice = self.invoice(order)
        self.pay(invoice, 600, currency=other)
        self.assertEqual(self.figures(plans), [(500.0, 0.0, "paid"), (100.0, 400.0, "partial")])
        self.assertEqual(plans.mapped("amount_collected_company"), [250.0, 50.0])

    def test_collected_instalment_cannot_be_deleted(self):
        order = self.order(1000)
        first, second = self.plan(order, (400, "2026-06-10"), (600, "2026-07-10"))
        self.pay(self.invoice(order), 100)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            first.unlink()
        second.unlink()
        first.action_cancel()
        self.assertEqual(first.state, "cancelled")

    def test_reminder_before_the_date_then_once_when_overdue(self):
        order = self.order(1000)
        plan = self.plan(order, (1000, "2026-06-10"))
        plan.reminder_days = 3
        Plan = self.env["crm.smb.collection.plan"]
        todos = plan.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("crm_smb_reports.mail_activity_type_collection")
        )
        with freeze_time(datetime(2026, 6, 6, 4, 0)):  # noon in Shanghai, four days before
            Plan._cron_collection_reminders()
            self.assertFalse(plan.activity_ids)
        with freeze_time(datetime(2026, 6, 7, 4, 0)):
            Plan._cron_collection_reminders()
            Plan._cron_collection_reminders()
            todos = plan.activity_ids
            self.assertEqual(len(todos), 1)
            self.assertEqual((todos.user_id, todos.date_deadline), (self.seller, date(2026, 6, 10)))
            self.assertIn("Plan Customer Co", todos.summary)
        with freeze_time(datetime(2026, 6, 11, 4, 0)):
            Plan._cron_collection_reminders()
            Plan._cron_collection_reminders()
            self.assertEqual(plan.state, "overdue")
            self.assertEqual(len(plan.activity_ids), 2)
            self.assertIn("Overdue", plan.activity_ids.sorted("id")[-1].summary)
        with freeze_time(datetime(2026, 6, 20, 4, 0)):
            Plan._cron_collection_reminders()
            self.assertEqual(len(plan.activity_ids), 2, "one to-do per state, never repeated")
            self.pay(self.invoice(order), 1000, day="2026-06-20")
            self.assertEqual(plan.state, "paid")

    def test_salespeople_see_and_plan_their_own_orders_only(self):
        mine = self.order(1000)
        theirs = self.order(1000, user=self.other_seller)
        self.plan(mine, (1000, "2026-06-10"))
        self.plan(theirs, (1000, "2026-06-10"))
        Plan = self.env["crm.smb.collection.plan"].with_user(self.seller)
        self.assertEqual(Plan.search([("partner_id", "=", self.customer.id)]).order_id, mine)
        with self.assertRaises(AccessError):
            Plan.create({"order_id": theirs.id, "instalment": 2, "amount": 1, "date_planned": "2026-06-10"})
        plan = mine.crm_smb_collection_plan_ids.with_user(self.seller)
        plan.write({"date_planned": "2026-06-15", "note": "月底付"})
        for forged in ({"amount_collected": 1000}, {"state": "paid"}, {"notified_state": "overdue"}):
            with self.assertRaises(AccessError):
                plan.write(forged)
        self.assertEqual(plan.state, "pending")
        # the Cancel button on an instalment one cannot see
        with self.assertRaises(AccessError):
            theirs.crm_smb_collection_plan_ids.with_user(self.seller).action_cancel()
        self.assertFalse(theirs.crm_smb_collection_plan_ids.cancelled)

    def test_other_company_never(self):
        order = self.order(1000)
        self.plan(order, (1000, "2026-06-10"))
        other_company = self.setup_other_company()["company"]
        stranger = company_user(
            self.env(context={"allowed_company_ids": other_company.ids}),
            "smb_plan_stranger",
            "sales_team.group_sale_manager",
        )
        self.assertEqual(stranger.company_id, other_company)
        Plan = (
            self.env["crm.smb.collection.plan"]
            .with_user(stranger)
            .with_context(allowed_company_ids=other_company.ids)
        )
        self.assertFalse(Plan.search([("order_id", "=", order.id)]))

    def test_plan_vs_actual_by_salesperson(self):
        mine = self.order(10000)
        self.plan(mine, (3000, "2026-06-10"), (7000, "2026-07-10"))
        self.pay(self.invoice(mine), 4000)
        theirs = self.order(5000, user=self.other_seller)
        self.plan(theirs, (5000, "2026-06-20"))
        Report = self.env["crm.smb.collection.plan.report"]
        with freeze_time("2026-06-25 04:00:00"):
            self.env["crm.smb.collection.plan"]._cron_collection_reminders()
            rows = {
                row["user_id"][0]: row
                for row in Report.read_group(
                    [("partner_id", "=", self.customer.id)],
                    [
                        "amount_planned:sum",
                        "amount_collected:sum",
                        "amount_overdue:sum",
                        "completion_rate:avg",
                    ],
                    ["user_id"],
                )
            }
        mine_row, theirs_row = rows[self.seller.id], rows[self.other_seller.id]
        self.assertEqual((mine_row["amount_planned"], mine_row["amount_collected"]), (10000, 4000))
        self.assertAlmostEqual(mine_row["completion_rate"], 40.0)
        self.assertEqual(mine_row["amount_overdue"], 0, "June's 3,000 is collected, July's not due")
        self.assertEqual((theirs_row["amount_overdue"], theirs_row["completion_rate"]), (5000, 0))
        # a salesperson reads their own figures only
        seen = Report.with_user(self.seller).search([("partner_id", "=", self.customer.id)])
        self.assertEqual(seen.user_id, self.seller)

    def test_profile_report_digest_and_data_check_include_plans(self):
        order = self.order(10000)
        self.plan(order, (4000, "2026-06-10"), (6000, "2026-07-10"))
        self.pay(self.invoice(order), 5000)
        profile = self.env["report.crm_smb_reports.report_customer_360"]._profile(self.customer)
        self.assertEqual(profile["plans"].mapped("amount_outstanding"), [5000.0], "June's is collected")
        period = self.env["report.crm_smb_reports.report_salesperson_period"]._period(
            self.seller, date(2026, 6, 1), date(2026, 7, 31)
        )
        self.assertEqual((period["planned"], period["plan_collected"]), (10000, 5000))
        check = self.env["crm.smb.data.check"].create(
            {"date_from": "2026-08-01", "date_to": "2026-08-31", "analysis": "plans"}
        )
        self.assertIn("No instalment is planned", check.message_html)
        digest = self.env.ref("crm_smb_reports.digest_crm_smb_weekly").with_context(
            start_datetime=datetime(2026, 6, 1), end_datetime=datetime(2026, 8, 1)
        )
        digest.sudo().company_id = self.env.company
        # June and July: 10,000 planned, 5,000 collected
        self.assertEqual(digest.kpi_crm_smb_plan_rate_value, 50.0)

    def test_plan_vs_actual_workbook(self):
        order = self.order(10000)
        self.plan(order, (10000, "2026-06-10"))
        self.pay(self.invoice(order), 2500)
        rows = self.env["crm.smb.collection.plan.report"].search([("order_id", "=", order.id)])
        sheet = openpyxl.load_workbook(io.BytesIO(rows._xlsx_content())).active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:3], ["Planned Date", "Customer", "Order"])
        data = {header[i]: cell.value for i, cell in enumerate(sheet[2])}
        self.assertEqual((data["Planned"], data["Collected"], data["Outstanding"]), (10000, 2500, 7500))
        self.assertEqual(data["Status"], "Partly Collected")
