from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import company_user


@tagged("post_install", "-at_install")
class TestSalesAnalysis(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = company_user(cls.env, "smb_sales_seller", "sales_team.group_sale_salesman")
        cls.other_seller = company_user(cls.env, "smb_sales_seller_2", "sales_team.group_sale_salesman")
        cls.manager = company_user(cls.env, "smb_sales_manager_rep", "sales_team.group_sale_manager")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Level A Co",
                "is_company": True,
                "customer_level_id": cls.env.ref("crm_smb_followup.customer_level_a").id,
            }
        )
        cls.contact = cls.env["res.partner"].create({"name": "A buyer", "parent_id": cls.customer.id})
        eur = cls.setup_other_currency("EUR", rates=[("2016-01-01", 2.0)])
        cls.eur_pricelist = cls.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        cls.confirmed = cls._order(1000, partner=cls.contact)
        cls.confirmed.action_confirm()
        cls.quotation = cls._order(300)
        cls.foreign = cls._order(400, pricelist=cls.eur_pricelist)  # 400 EUR = 200 in company currency
        cls.foreign.action_confirm()
        cls.others = cls._order(999, user=cls.other_seller)
        cls.cancelled = cls._order(50)
        cls.cancelled.action_cancel()
        cls.refunded = cls._order(700)  # confirmed, invoiced, then refunded in full
        cls.refunded.action_confirm()
        invoice = cls.refunded._create_invoices()
        invoice.action_post()
        reversal = (
            cls.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Goods returned"})
        )
        reversal.refund_moves()
        cls.refunded.invoice_ids.filtered(lambda m: m.move_type == "out_refund").action_post()

    @classmethod
    def _order(cls, amount, partner=None, user=None, pricelist=None):
        values = {
            "partner_id": (partner or cls.customer).id,
            "user_id": (user or cls.seller).id,
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": cls.product_a.id,
                        "product_uom_qty": 1,
                        "price_unit": amount,
                        "tax_id": [(6, 0, [])],
                    },
                )
            ],
        }
        if pricelist:
            values["pricelist_id"] = pricelist.id
        return cls.env["sale.order"].create(values)

    def test_figures_in_company_currency_per_level(self):
        Report = self.env["crm.smb.sales.report"].with_user(self.manager)
        rows = {row.order_id: row for row in Report.search([("partner_id", "=", self.customer.id)])}
        self.assertEqual(
            set(rows), {self.confirmed, self.quotation, self.foreign, self.others, self.refunded}
        )
        self.assertEqual(rows[self.confirmed].partner_id, self.customer)
        self.assertEqual(rows[self.confirmed].customer_level_id.code, "A")
        self.assertEqual(rows[self.foreign].amount, 200)
        self.assertEqual(rows[self.quotation].status, "quotation")
        refunded = rows[self.refunded]
        self.assertEqual(
            (refunded.confirmed_amount, refunded.invoiced_amount, refunded.refunded_amount),
            (700, 0, 700),
            "a refunded order stays a confirmed sale, invoiced net nothing",
        )
        self.assertEqual((rows[self.confirmed].invoiced_amount, rows[self.confirmed].refunded_amount), (0, 0))
        totals = Report._read_group(
            [("partner_id", "=", self.customer.id)],
            ["user_id"],
            ["order_count:sum", "confirmed_count:sum", "amount:sum", "confirmed_amount:sum"],
        )
        by_user = {user: rest for user, *rest in totals}
        # seller: 4 orders (1000 confirmed, 300 quotation, 200 confirmed, 700 confirmed and refunded)
        # other seller: 999 quotation
        self.assertEqual(by_user[self.seller], [4, 3, 2200, 1900])
        self.assertEqual(by_user[self.other_seller], [1, 0, 999, 0])

    def test_salesperson_sees_own_orders_only(self):
        mine = (
            self.env["crm.smb.sales.report"]
            .with_user(self.seller)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(set(mine.order_id), {self.confirmed, self.quotation, self.foreign, self.refunded})

    def test_team_leader_sees_the_teams_orders(self):
        """The team documents level: the leader of the other seller's team sees that seller's
        orders (Odoo's and the analysis), and neither the seller's nor Odoo's invoices of them."""
        leader = company_user(self.env, "smb_sales_leader", "sales_team_security.group_sale_team_manager")
        self.env["crm.team"].create(
            {"name": "Leader's team", "user_id": leader.id, "member_ids": [(6, 0, self.other_seller.ids)]}
        )
        orders = self.env["sale.order"].with_user(leader).search([("partner_id", "=", self.customer.id)])
        self.assertEqual(orders, self.others)
        rows = (
            self.env["crm.smb.sales.report"].with_user(leader).search([("partner_id", "=", self.customer.id)])
        )
        self.assertEqual(rows.order_id, self.others)
        odoo_rows = self.env["sale.report"].with_user(leader).search([("partner_id", "=", self.customer.id)])
        self.assertEqual(odoo_rows.order_reference, self.others)
        self.assertFalse(
            self.env["account.move"].with_user(leader).search([("id", "in", self.refunded.invoice_ids.ids)])
        )
        # A teammate's quotation is the team's to work on
        self.others.with_user(leader).write({"client_order_ref": "PO-7"})
        self.assertEqual(self.others.client_order_ref, "PO-7")

    def test_work_report_counts_the_days_orders(self):
        """A daily report (日报) of the seller: the orders confirmed today, in company currency."""
        report = self.env["crm.smb.work.report"].with_user(self.seller).create({"summary": "Orders"})
        self.assertEqual((report.order_count, report.order_amount), (3, 1900))
        other = self.env["crm.smb.work.report"].with_user(self.other_seller).create({"summary": "Quotes"})
        self.assertEqual((other.order_count, other.order_amount), (0, 0), "a quotation is no order")

    def test_customer_timeline_shows_quotations_and_orders(self):
        """The customer's timeline (往来动态) lists its orders and quotations, to whoever may read them."""
        self.customer.user_id = self.seller
        html = str(self.customer.with_user(self.seller).timeline_html)
        self.assertIn(self.confirmed.name, html, "an order of the customer's contact person")
        self.assertIn(self.quotation.name, html)
        self.assertNotIn(self.others.name, html, "nobody sees more in the timeline than elsewhere")
        self.assertIn(self.others.name, str(self.customer.with_user(self.manager).timeline_html))
