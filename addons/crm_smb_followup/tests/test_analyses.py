from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestAnalyses(TransactionCase):
    """Figures of the customer, funnel, pipeline and pool analyses against hand counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(cls.env, login="smb_ana_seller", groups="sales_team.group_sale_salesman")
        cls.other_seller = new_test_user(
            cls.env, login="smb_ana_seller_2", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(cls.env, login="smb_ana_manager", groups="sales_team.group_sale_manager")
        cls.now = fields.Datetime.now()
        cls.source = cls.env["utm.source"].create({"name": "Trade fair"})
        Stage = cls.env["crm.smb.followup.stage"]
        cls.s1 = Stage.create({"name": "Contacted", "sequence": 901})
        cls.s2 = Stage.create({"name": "Qualified", "sequence": 902})
        cls.s3 = Stage.create({"name": "Proposal", "sequence": 903})

    def customer(self, name, user, **values):
        return self.env["res.partner"].create(
            {"name": name, "is_company": True, "user_id": user.id, **values}
        )

    def backdate(self, table, record_id, column, value):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE id = %s",
                SQL.identifier(table),
                SQL.identifier(column),
                value,
                record_id,
            )
        )
        self.env.invalidate_all()

    def test_customer_development_and_follow_up_status(self):
        fresh = self.customer(
            "Fresh Co",
            self.seller,
            source_id=self.source.id,
            customer_level_id=self.env.ref("crm_smb_followup.customer_level_a").id,
        )
        overdue = self.customer("Overdue Co", self.seller)
        silent = self.customer("Silent Co", self.other_seller)
        self.backdate("res_partner", silent.id, "create_date", self.now - timedelta(days=40))
        self.env["crm.smb.followup"].with_user(self.seller).create(
            {
                "partner_id": overdue.id,
                "summary": "Called",
                "next_contact_date": fields.Date.today() - timedelta(days=2),
            }
        )
        ids = (fresh | overdue | silent).ids
        Report = self.env["crm.smb.customer.report"]
        self.assertEqual(
            set(Report.with_user(self.seller).search([("partner_id", "in", ids)]).partner_id),
            {fresh, overdue},
            "a salesperson sees the customers they own",
        )
        rows = {r.partner_id: r for r in Report.with_user(self.manager).search([("partner_id", "in", ids)])}
        self.assertEqual(len(rows), 3, "a manager sees everybody's")
        self.assertEqual((rows[fresh].source_id, rows[fresh].customer_level_id.code), (self.source, "A"))
        self.assertTrue(rows[overdue].next_contact_overdue)
        self.assertEqual((rows[overdue].followup_count, rows[overdue].days_without_followup), (1, 0))
        self.assertEqual(rows[silent].days_without_followup, 40, "since creation when never followed up")
        self.assertEqual(
            Report.with_user(self.manager).search(
                [("partner_id", "in", ids), ("days_without_followup", ">=", 30)]
            ),
            rows[silent],
        )
        groups = Report.with_user(self.manager)._read_group(
            [("partner_id", "in", ids)], ["user_id"], ["customer_count:sum"]
        )
        self.assertEqual(dict(groups), {self.seller: 2, self.other_seller: 1})

    def move(self, partner, stage, when):
        partner.followup_stage_id = stage
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        self.env.cr.execute(
            SQL(
                """UPDATE mail_message SET date = %s WHERE id = (
                       SELECT MAX(m.id) FROM mail_message m
                       JOIN mail_tracking_value v ON v.mail_message_id = m.id
                       WHERE m.model = 'res.partner' AND m.res_id = %s)""",
                when,
                partner.id,
            )
        )

    def test_stage_funnel_from_tracked_changes(self):
        t0 = self.now - timedelta(days=10)
        forward = self.customer("Forward Co", self.seller, followup_stage_id=self.s1.id)
        back = self.customer("Back Co", self.other_seller, followup_stage_id=self.s1.id)
        for partner in forward | back:
            self.backdate("res_partner", partner.id, "create_date", t0)
        self.env.cr.precommit.run()  # as if the customers were saved before being moved on
        self.move(forward, self.s2, t0 + timedelta(days=2))
        self.move(forward, self.s3, t0 + timedelta(days=5))
        self.move(back, self.s2, t0 + timedelta(days=1))
        self.move(back, self.s1, t0 + timedelta(days=4))
        Report = self.env["crm.smb.stage.report"].with_user(self.manager)
        domain = [("partner_id", "in", (forward | back).ids)]
        by_stage = {
            stage: (entered, moved_on, conversion, days)
            for stage, entered, moved_on, conversion, days in Report._read_group(
                domain,
                ["stage_id"],
                ["entry_count:sum", "forward_count:sum", "conversion_rate:avg", "days_in_stage:avg"],
            )
        }
        # Contacted: Forward (2 days, moved on), Back (1 day, moved on), Back again (current, 6 days so far)
        entered, moved_on, conversion, days = by_stage[self.s1]
        self.assertEqual((entered, moved_on), (3, 2))
        self.assertAlmostEqual(conversion, 200 / 3, places=2)
        self.assertAlmostEqual(days, (2 + 1 + 6) / 3, places=1)
        # Qualified: Forward moved on to Proposal, Back fell back to Contacted
        self.assertEqual(by_stage[self.s2][:3], (2, 1, 50.0))
        self.assertEqual(by_stage[self.s3][:2], (1, 0))
        self.assertEqual(
            Report.with_user(self.seller).search(domain).partner_id, forward, "salespeople see their own"
        )
        current = Report.search([*domain, ("is_current", "=", True)])
        self.assertEqual({(r.partner_id, r.stage_id) for r in current}, {(forward, self.s3), (back, self.s1)})

    def test_pipeline_win_rate_and_lost_reasons(self):
        Lead = self.env["crm.lead"]
        reason = self.env["crm.lost.reason"].create({"name": "Too expensive"})
        won = Lead.create(
            {"name": "Won", "type": "opportunity", "user_id": self.seller.id, "expected_revenue": 1000}
        )
        won.action_set_won()
        lost = Lead.create(
            {"name": "Lost", "type": "opportunity", "user_id": self.seller.id, "expected_revenue": 500}
        )
        lost.action_set_lost(lost_reason_id=reason.id)
        no_reason = Lead.create({"name": "Lost 2", "type": "opportunity", "user_id": self.other_seller.id})
        no_reason.action_set_lost()
        Lead.create(
            {"name": "Open", "type": "opportunity", "user_id": self.seller.id, "expected_revenue": 300}
        )
        leads = Lead.with_context(active_test=False).search(
            [("name", "in", ("Won", "Lost", "Lost 2", "Open"))]
        )
        Report = self.env["crm.smb.pipeline.report"].with_user(self.manager)
        domain = [("lead_id", "in", leads.ids)]
        [[count, won_count, lost_count, win_rate, revenue]] = Report._read_group(
            domain,
            [],
            ["lead_count:sum", "won_count:sum", "lost_count:sum", "win_rate:avg", "expected_revenue:sum"],
        )
        self.assertEqual((count, won_count, lost_count, revenue), (4, 1, 2, 1800))
        self.assertAlmostEqual(
            win_rate, 100 / 3, places=2, msg="won among the closed ones, open ones left out"
        )
        self.assertEqual(
            dict(Report._read_group([*domain, ("state", "=", "lost")], ["lost_reason_id"], ["__count"])),
            {reason: 1, self.env["crm.lost.reason"]: 1},
        )
        self.assertEqual(len(Report.with_user(self.seller).search(domain)), 3)

    def test_pool_activity_and_sizes(self):
        pool = self.env["crm.smb.pool"].create(
            {"name": "East pool", "pool_type": "customer", "member_ids": [(6, 0, self.seller.ids)]}
        )
        first, second = (
            self.customer(name, self.env["res.users"], pool_id=pool.id, pool_state="pool")
            for name in ("Pool A", "Pool B")
        )
        self.backdate("crm_smb_pool", pool.id, "create_date", self.now - timedelta(days=5))
        first.with_user(self.seller).action_claim()
        second.with_user(self.seller).action_claim()
        first.with_user(self.seller).action_release(reason="No budget")
        History = self.env["crm.smb.pool.history"]
        claim_1, claim_2, release = History.search([("pool_id", "=", pool.id)], order="id")
        today = fields.Date.today()
        for entry, days_ago in ((claim_1, 3), (claim_2, 2), (release, 1)):
            self.backdate("crm_smb_pool_history", entry.id, "date", self.now - timedelta(days=days_ago))
        Activity = self.env["crm.smb.pool.activity.report"]
        [[claimed, released]] = Activity.with_user(self.seller)._read_group(
            [("pool_id", "=", pool.id)], [], ["claim_count:sum", "release_count:sum"]
        )
        self.assertEqual((claimed, released), (2, 1))
        Size = self.env["crm.smb.pool.size.report"].with_user(self.seller)
        sizes = {row.date: row.size for row in Size.search([("pool_id", "=", pool.id)])}
        self.assertEqual(
            [sizes[today - timedelta(days=d)] for d in (5, 4, 3, 2, 1, 0)],
            [2, 2, 1, 0, 1, 1],
            "counted back from today's contents through claims and releases",
        )
        outsider = new_test_user(self.env, login="smb_ana_outsider", groups="sales_team.group_sale_salesman")
        self.assertFalse(
            Size.with_user(outsider).search([("pool_id", "=", pool.id)]), "not a member of the pool"
        )
