from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 04:00:00")
class TestTargets(AccountTestInvoicingCommon):
    """Monthly targets (业绩目标): what each salesperson and team reached, ranked; who sees what."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        company.crm_smb_order_approval = False

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        sales = "sales_team.group_sale_salesman,account.group_account_invoice"
        cls.ann, cls.bob, cls.cid = (user(f"smb_tgt_{n}", sales) for n in ("ann", "bob", "cid"))
        cls.leader = user("smb_tgt_leader", sales)
        cls.manager = user("smb_tgt_manager", "sales_team.group_sale_manager")
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Target Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.ann | cls.bob).ids)],
            }
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Other Team", "member_ids": [Command.set(cls.cid.ids)]}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Target Customer"})
        cls.product = cls.env["product.product"].create({"name": "Target Goods", "standard_price": 1.0})
        Target = cls.env["crm.smb.target"]
        cls.targets = Target.create(
            [
                {
                    "user_id": cls.ann.id,
                    "date_start": "2026-06-01",
                    "sales_target": 10000,
                    "collection_target": 5000,
                },
                {
                    "user_id": cls.bob.id,
                    "date_start": "2026-06-01",
                    "sales_target": 20000,
                    "collection_target": 0,
                },
                {"user_id": cls.cid.id, "date_start": "2026-06-01", "sales_target": 5000},
                {
                    "target_type": "team",
                    "team_id": cls.team.id,
                    "date_start": "2026-06-01",
                    "sales_target": 30000,
                },
            ]
        )
        # June: Ann sells 8,000 (80 %) and collects 3,000 of it; Bob 12,000 (60 %); Cid 5,000 (100 %)
        ann_order = cls._sell(cls.ann, 8000)
        cls._sell(cls.bob, 12000)
        cls._sell(cls.cid, 5000)
        invoice = ann_order._create_invoices()
        invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 3000, "payment_date": "2026-06-10"})._create_payments()
        # May's order does not count in June
        cls._sell(cls.ann, 99000, date_order=datetime(2026, 5, 20, 4, 0))

    @classmethod
    def _sell(cls, user, amount, date_order=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": user.id,
                "team_id": (cls.other_team if user == cls.cid else cls.team).id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "price_unit": amount, "tax_id": []})
                ],
            }
        )
        order.action_confirm()
        if date_order:
            order.date_order = date_order
        return order

    def rows(self, user=None):
        Report = self.env["crm.smb.target.report"].with_user(user or self.manager)
        return {
            (row.user_id or row.team_id): row
            for row in Report.search(
                [("date_start", "=", "2026-06-01"), ("company_id", "=", self.env.company.id)]
            )
        }

    def test_reached_rates_and_rank(self):
        rows = self.rows()
        ann, bob, cid, team = rows[self.ann], rows[self.bob], rows[self.cid], rows[self.team]
        self.assertEqual(
            (ann.sales_amount, ann.sales_rate, ann.collected_amount, ann.collection_rate),
            (8000, 80, 3000, 60),
        )
        self.assertEqual((bob.sales_amount, bob.sales_rate, bob.collection_rate), (12000, 60, 0))
        self.assertEqual([cid.rank, ann.rank, bob.rank], [1, 2, 3])
        self.assertEqual(
            (team.sales_amount, team.rank), (20000, 1), "the team's orders, Cid's are another team's"
        )
        # a group's completion: the ratio of its sums (20,000 / 30,000), not the mean of 80 % and 60 %
        [group] = self.env["crm.smb.target.report"].read_group(
            [("user_id", "in", (self.ann | self.bob).ids)], ["sales_rate:avg"], []
        )
        self.assertAlmostEqual(group["sales_rate"], 100 * 20000 / 30000, places=2)

    def test_digest_shows_the_teams_completion(self):
        digest = self.env.ref("crm_smb_reports.digest_crm_smb_weekly").with_context(
            start_datetime=datetime(2026, 6, 8), end_datetime=datetime(2026, 6, 15)
        )
        digest.sudo().company_id = self.env.company
        self.assertAlmostEqual(digest.kpi_crm_smb_target_rate_value, 100 * 20000 / 30000, places=2)

    def test_digest_mail_ranks_the_salespeople(self):
        digest = self.env.ref("crm_smb_reports.digest_crm_smb_weekly").sudo()
        digest.kpi_crm_smb_target_rate = True
        ranking = digest._crm_smb_target_ranking(self.env.company, self.manager)
        self.assertEqual(ranking.user_id, self.cid | self.ann | self.bob)
        self.assertEqual(ranking.mapped("rank"), [1, 2, 3])
        body = self.env["mail.render.mixin"]._render_template(
            "digest.digest_mail_main",
            "digest.digest",
            digest.ids,
            engine="qweb_view",
            add_context={"company": self.env.company, "user": self.manager, "kpi_data": [], "tips": []},
        )[digest.id]
        self.assertIn("This Month's Ranking", str(body))
        self.assertLess(str(body).index(self.cid.name), str(body).index(self.bob.name))
        # a salesperson's own digest ranks what they may read: themselves
        self.assertEqual(digest._crm_smb_target_ranking(self.env.company, self.ann).user_id, self.ann)

    def test_who_sees_which_targets(self):
        self.assertEqual(set(self.rows(self.ann)), {self.ann})
        self.assertEqual(set(self.rows(self.leader)), {self.ann, self.bob, self.team})
        self.assertEqual(set(self.rows(self.manager)), {self.ann, self.bob, self.cid, self.team})
        seen = self.env["crm.smb.target"].with_user(self.ann).search([("date_start", "=", "2026-06-01")])
        self.assertEqual(seen.user_id, self.ann)
        with self.assertRaises(AccessError):
            seen.write({"sales_target": 1})

    def test_one_target_per_month_on_the_first_day(self):
        with self.assertRaises(ValidationError):
            self.env["crm.smb.target"].create(
                {"user_id": self.ann.id, "date_start": "2026-07-15", "sales_target": 1}
            )
