from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import T0, TestPoolCommon


@tagged("post_install", "-at_install")
class TestPoolRules(TestPoolCommon):
    def test_invalid_rules_are_refused(self):
        Rule = self.env["crm.smb.pool.rule"].with_user(self.pool_admin)
        base = {"name": "Bad", "pool_id": self.pool.id}
        with self.assertRaises(ValidationError):
            Rule.create({**base, "days_without_followup": -1})
        with self.assertRaises(ValidationError):
            Rule.create({**base})  # no trigger at all
        with self.assertRaises(ValidationError):
            Rule.create({**base, "days_without_followup": 5, "days_without_win": 3, "warning_days": 3})
        with self.assertRaises(ValidationError):
            Rule.create({**base, "days_without_followup": 5, "domain": "[('no_such_field', '=', 1)]"})
        Rule.create({**base, "days_without_followup": 5, "days_without_win": 30, "warning_days": 2})
        with self.assertRaises(ValidationError):
            Rule.create({**base, "days_without_followup": 100000000})  # would overflow every deadline
        for values in (
            {"max_claims_per_day": -1},
            {"max_holding": 10**9},
            {"reclaim_cooldown_days": 100000000},
            {"lock_limit": -5},
        ):
            with self.assertRaises(ValidationError):
                self.pool.with_user(self.pool_admin).write(values)
        with self.assertRaises(ValidationError):
            self.env["crm.smb.pool.limit"].create(
                {"pool_id": self.pool.id, "user_id": self.salesman.id, "max_claims_per_day": -1}
            )
        Wizard = self.env["crm.smb.pool.wizard"].with_user(self.salesman)
        for res_ids in (["x"], [], [True], "1,2", [2**40]):
            with self.assertRaises(ValidationError):
                Wizard.create({"mode": "release", "res_model": "res.partner", "res_ids": res_ids})

    def test_salesman_cannot_configure_pools(self):
        with self.assertRaises(AccessError):
            self.rule.with_user(self.salesman).write({"days_without_followup": 300})
        with self.assertRaises(AccessError):
            self.env["crm.smb.pool"].with_user(self.salesman).create(
                {"name": "Mine", "pool_type": "customer"}
            )


@tagged("post_install", "-at_install")
class TestPoolRecycling(TestPoolCommon):
    def test_exactly_n_days_boundary(self):
        customer = self.owned_customer()
        self.assertEqual(customer.recycle_deadline, T0 + timedelta(days=3))
        self.assertEqual(customer.recycle_rule_id, self.rule)
        with freeze_time(T0 + timedelta(days=3) - timedelta(seconds=1)):
            self.recycle()
        self.assertEqual(customer.pool_state, "owned")
        with freeze_time(T0 + timedelta(days=3)):
            self.recycle()
        self.assertEqual(customer.pool_state, "pool")
        self.assertFalse(customer.user_id)
        self.assertEqual(customer.previous_user_id, self.salesman)
        history = self.env["crm.smb.pool.history"].search([("partner_id", "=", customer.id)])
        self.assertEqual(history.action, "recycle")
        self.assertEqual(history.from_user_id, self.salesman)
        self.assertEqual(history.rule_id, self.rule)
        self.assertTrue(customer.message_ids.filtered(lambda m: "Recycled to the pool" in (m.body or "")))

    def test_followup_pushes_the_deadline(self):
        customer = self.owned_customer()
        with freeze_time(T0 + timedelta(days=2)):
            self.log_followup(self.salesman, partner_id=customer.id)
        self.assertEqual(customer.recycle_deadline, T0 + timedelta(days=5))
        with freeze_time(T0 + timedelta(days=4)):
            self.recycle()
        self.assertEqual(customer.pool_state, "owned")

    def test_days_without_win(self):
        self.rule.write({"days_without_followup": 0, "days_without_win": 10, "warning_days": 2})
        customer = self.owned_customer()
        with freeze_time(T0 + timedelta(days=9)):
            self.log_followup(self.salesman, partner_id=customer.id)
        self.assertEqual(customer.recycle_deadline, T0 + timedelta(days=10), "follow-ups do not help here")
        customer.followup_stage_id = self.env.ref("crm_smb_followup.stage_won")
        self.assertFalse(customer.recycle_deadline, "won customers are exempt")

    def test_rule_domains_and_exemptions(self):
        self.level_a = self.env.ref("crm_smb_followup.customer_level_a")
        self.level_b = self.env.ref("crm_smb_followup.customer_level_b")
        self.rule.domain = "[('customer_level', '=', 'A')]"  # by the level's code
        level_a = self.owned_customer("A Co", customer_level_id=self.level_a.id)
        level_b = self.owned_customer("B Co", customer_level_id=self.level_b.id)
        self.assertTrue(level_a.recycle_deadline)
        self.assertFalse(level_b.recycle_deadline, "no rule applies to level B")
        with_opportunity = self.owned_customer("Deal Co", customer_level_id=self.level_a.id)
        self.env["crm.lead"].create(
            {
                "name": "Open deal",
                "type": "opportunity",
                "partner_id": with_opportunity.id,
                "user_id": self.salesman.id,
            }
        )
        self.assertFalse(with_opportunity.recycle_deadline, "an open opportunity protects the customer")
        locked = self.owned_customer("Locked Co", customer_level_id=self.level_a.id)
        locked.with_user(self.salesman).action_toggle_pool_lock()
        self.assertFalse(locked.recycle_deadline)
        with freeze_time(T0 + timedelta(days=30)):
            self.recycle()
        self.assertEqual(level_a.pool_state, "pool")
        self.assertEqual((level_b | with_opportunity | locked).mapped("pool_state"), ["owned"] * 3)

    def test_lost_opportunity_protects_nothing_in_any_context(self):
        customer = self.owned_customer("Lost Deal Co")
        deal = self.env["crm.lead"].create(
            {
                "name": "Lost deal",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": self.salesman.id,
            }
        )
        self.assertFalse(customer.recycle_deadline)
        deal.action_set_lost()
        self.assertEqual(customer.recycle_deadline, T0 + timedelta(days=3))
        # A recompute with archived records visible (imports, jobs) sees the lost deal too.
        customer.with_context(active_test=False)._compute_recycle_deadline()
        self.assertEqual(customer.recycle_deadline, T0 + timedelta(days=3), "the lost deal stays lost")

    def test_rule_change_recomputes_deadlines(self):
        customer = self.owned_customer()
        self.rule.with_user(self.pool_admin).days_without_followup = 10
        self.assertEqual(customer.recycle_deadline, T0 + timedelta(days=10))

    def test_warning_once_per_deadline(self):
        customer = self.owned_customer()
        todo = self.env.ref("mail.mail_activity_data_todo")

        def warnings():
            return customer.activity_ids.filtered(lambda a: a.activity_type_id == todo)

        with freeze_time(T0 + timedelta(days=2) - timedelta(minutes=1)):
            self.recycle()
        self.assertFalse(warnings())
        with freeze_time(T0 + timedelta(days=2, hours=1)):
            self.recycle()
            self.recycle()
        self.assertEqual(len(warnings()), 1)
        self.assertEqual(warnings().user_id, self.salesman)

    def test_warning_on_the_owners_day_in_the_owners_words(self):
        """A deadline at 01:00 in Shanghai is due that Shanghai day, not the UTC day before."""
        self.salesman.write({"tz": "Asia/Shanghai"})
        claimed = datetime(2026, 6, 1, 17, 0)  # 01:00 on 2 June in Shanghai
        customer = self.owned_customer(date_claimed=claimed)
        self.assertEqual(customer.recycle_deadline, claimed + timedelta(days=3))
        with freeze_time(claimed + timedelta(days=2, hours=1)):
            self.recycle()
        todo = customer.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(todo.date_deadline, date(2026, 6, 5))
        self.assertIn("06/05/2026", todo.summary)

    def test_claim_just_before_the_run_is_not_recycled(self):
        customer = self.pool_customer()
        with freeze_time(T0 + timedelta(days=40)):
            customer.with_user(self.salesman).action_claim()
            self.recycle()
        self.assertEqual(customer.pool_state, "owned")
        self.assertEqual(customer.user_id, self.salesman)

    def test_preview_changes_nothing(self):
        due = self.owned_customer("Due Co")
        soon = self.owned_customer("Soon Co")
        soon.date_claimed = T0 + timedelta(days=1)
        with freeze_time(T0 + timedelta(days=3, hours=1)):
            action = self.pool.with_user(self.pool_admin).action_preview()
            preview = self.env["crm.smb.pool.preview"].browse(action["res_id"])
        lines = {(line.name, line.action, line.rule_id) for line in preview.line_ids}
        self.assertEqual(lines, {("Due Co", "recycle", self.rule), ("Soon Co", "warn", self.rule)})
        self.assertEqual((due | soon).mapped("pool_state"), ["owned", "owned"])
        self.assertFalse(soon.activity_ids)
        self.assertFalse(self.env["crm.smb.pool.history"].search([("partner_id", "in", (due | soon).ids)]))

    def test_queries_per_batch_do_not_grow_with_records(self):
        def queries_for(count):
            customers = self.env["res.partner"]
            for index in range(count):
                customers |= self.owned_customer(f"Bulk {count}-{index}")
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(T0 + timedelta(days=4)):
                self.env["res.partner"].sudo()._pool_recycle_batch(datetime.now(), 500)
                self.env.flush_all()
            self.assertEqual(set(customers.mapped("pool_state")), {"pool"})
            return self.env.cr.sql_log_count - before

        queries_for(2)  # warm the caches (subtypes, models, rules)
        self.assertEqual(queries_for(5), queries_for(25))


@tagged("post_install", "-at_install")
class TestNewCustomer(TestPoolCommon):
    def test_customer_created_from_customer_followup(self):
        """Created from 客户跟进 ‣ 新建, a customer is the creator's, at the first follow-up stage,
        gets its recycling deadline while it is typed (no claim or creation date yet), shows in
        "My Customers" and takes a follow-up at once."""
        self.pool.team_ids = self.env["crm.team"].create(
            {"name": "杭州销售部", "member_ids": [(6, 0, self.salesman.ids)]}
        )
        action = self.env.ref("crm_smb_followup.res_partner_action_followup")
        context = safe_eval(action.context, {"uid": self.salesman.id})
        Partner = self.env["res.partner"].with_user(self.salesman).with_context(**context)
        with freeze_time(T0):
            with Form(Partner) as form:
                form.name = "杭州新客户有限公司"
                form.wechat = "xinkehu_wang"  # shown with the phone numbers
                self.assertEqual(form.user_id, self.salesman)
                self.assertEqual(form.followup_stage_id, self.stage_first)
                self.assertTrue(form.recycle_deadline, "the deadline of a record being typed")
            customer = form.save()
        self.assertEqual(customer.recycle_deadline, customer.create_date + timedelta(days=3))
        self.assertEqual(customer.wechat, "xinkehu_wang")
        self.assertIn(
            customer, Partner.search([("parent_id", "=", False), ("user_id", "=", self.salesman.id)])
        )
        followup = self.log_followup(self.salesman, partner_id=customer.id, summary="首次拜访")
        self.assertEqual(followup.partner_id, customer)

    def test_claimed_lead_lands_in_the_pipeline(self):
        """With Odoo's Leads feature off (the demo's setting), the pipeline lists opportunities
        only: a lead claimed from the lead pool becomes one and the member is told where it is.
        With the feature on, it stays a lead."""
        use_leads = self.env.ref("crm.group_use_lead")
        self.env.ref("base.group_user").write({"implied_ids": [(3, use_leads.id)]})
        use_leads.write({"users": [(5, 0, 0)]})
        Lead = self.env["crm.lead"]
        waiting = Lead.create(
            [
                {
                    "name": name,
                    "type": "lead",
                    "pool_id": self.lead_pool.id,
                    "pool_state": "pool",
                    "user_id": False,
                }
                for name in ("宁波来电询价", "温州展会名片")
            ]
        )
        action = self.env["crm.smb.pool.lead"].with_user(self.salesman).browse(waiting[0].id).action_claim()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("宁波来电询价", action["params"]["message"])
        self.assertEqual(
            (action["params"]["next"]["res_model"], action["params"]["next"]["res_id"]),
            ("crm.lead", waiting[0].id),
        )
        self.assertEqual(waiting[0].type, "opportunity")
        pipeline = self.env.ref("crm.crm_lead_action_pipeline")
        my_pipeline = [*safe_eval(pipeline.domain or "[]"), ("user_id", "=", self.salesman.id)]
        self.assertIn(waiting[0], Lead.with_user(self.salesman).search(my_pipeline))
        self.lead_pool.member_ids |= self.salesman_2
        self.salesman_2.groups_id |= use_leads
        self.env["crm.smb.pool.lead"].with_user(self.salesman_2).browse(waiting[1].id).action_claim()
        self.assertEqual(waiting[1].type, "lead", "leads stay leads for who works with leads")

    def test_customer_followup_opens_on_whose_customers(self):
        """A salesperson starts on their own customers; a sales manager on everyone's (not on an
        empty board of sample cards)."""
        Partner = self.env["res.partner"]
        mine = Partner.with_user(self.salesman)._action_customer_followup()
        self.assertEqual(
            safe_eval(mine["context"], {"uid": self.salesman.id})["search_default_my_customers"], 1
        )
        everyone = Partner.with_user(self.sales_manager)._action_customer_followup()
        self.assertNotIn("search_default_my_customers", everyone["context"])
        self.assertTrue(everyone["context"]["crm_smb_new_customer"])
        opened = self.env.ref("crm_smb_followup.res_partner_action_followup_open")
        self.assertEqual(opened.path, "customer-followup")

    def test_pool_dialog_counts_the_record_it_acts_on(self):
        """Releasing one customer from its form says one record, not "Records 0"."""
        customer = self.owned_customer()
        Wizard = (
            self.env["crm.smb.pool.wizard"]
            .with_user(self.salesman)
            .with_context(
                active_model="res.partner",
                active_id=customer.id,
                active_ids=customer.ids,
                default_mode="release",
            )
        )
        form = Form(Wizard)
        self.assertEqual(form.record_count, 1)
        form.reason = "不再合作"
        form.save().action_apply()
        self.assertEqual(customer.pool_state, "pool")

    def test_contact_persons_and_other_apps_get_no_stage(self):
        form = Form(self.env["res.partner"].with_user(self.salesman))
        form.name = "A supplier"
        self.assertFalse(form.user_id)
        self.assertFalse(form.followup_stage_id)


@tagged("post_install", "-at_install")
class TestPoolClaims(TestPoolCommon):
    def test_claim_limits_per_day_and_holding(self):
        customers = [self.pool_customer(f"Pool {i}") for i in range(4)]
        with freeze_time(T0):
            customers[0].with_user(self.salesman).action_claim()
            customers[1].with_user(self.salesman).action_claim()
            with self.assertRaisesRegex(UserError, "Daily claim limit"):
                customers[2].with_user(self.salesman).action_claim()
        self.assertEqual(customers[2].pool_state, "pool")
        with freeze_time(T0 + timedelta(days=1)):
            customers[2].with_user(self.salesman).action_claim()
            self.owned_customer("Already mine")  # the fourth record held in this pool
            with self.assertRaisesRegex(UserError, "Holding limit"):
                customers[3].with_user(self.salesman).action_claim()
        self.env["crm.smb.pool.limit"].create(
            {"pool_id": self.pool.id, "user_id": self.salesman.id, "max_holding": 10, "max_claims_per_day": 5}
        )
        with freeze_time(T0 + timedelta(days=1)):
            customers[3].with_user(self.salesman).action_claim()
        self.assertEqual(customers[3].user_id, self.salesman)

    def test_previous_owner_cooldown(self):
        customer = self.owned_customer()
        with freeze_time(T0 + timedelta(days=3)):
            self.recycle()
        with freeze_time(T0 + timedelta(days=9)), self.assertRaisesRegex(UserError, "first chance"):
            customer.with_user(self.salesman).action_claim()
        with freeze_time(T0 + timedelta(days=9)):
            customer.with_user(self.salesman_2).action_claim()
        self.assertEqual(customer.user_id, self.salesman_2)

    def test_cooldown_ends(self):
        customer = self.owned_customer()
        with freeze_time(T0 + timedelta(days=3)):
            self.recycle()
        with freeze_time(T0 + timedelta(days=10, seconds=1)):
            customer.with_user(self.salesman).action_claim()
        self.assertEqual(customer.user_id, self.salesman)

    def test_second_claim_gets_a_clear_message(self):
        customer = self.pool_customer()
        customer.with_user(self.salesman).action_claim()
        with self.assertRaisesRegex(UserError, "was just claimed by Salesman SMB"):
            customer.with_user(self.salesman_2).action_claim()

    def test_non_member_cannot_claim(self):
        customer = self.pool_customer()
        with self.assertRaises(UserError):
            customer.with_user(self.outsider).action_claim()
        self.assertEqual(customer.pool_state, "pool")

    def test_release_assign_move_and_lock(self):
        customer = self.owned_customer()
        reason = self.env.ref("crm_smb_followup.pool_reason_no_need")
        wizard = (
            self.env["crm.smb.pool.wizard"]
            .with_user(self.salesman)
            .create(
                {
                    "mode": "release",
                    "res_model": "res.partner",
                    "res_ids": customer.ids,
                    "reason_id": reason.id,
                }
            )
        )
        wizard.action_apply()
        self.assertEqual(customer.pool_state, "pool")
        history = self.env["crm.smb.pool.history"].search([("partner_id", "=", customer.id)])
        self.assertEqual((history.action, history.reason_id), ("release", reason))

        with self.assertRaises(UserError):  # a salesman is no pool administrator
            customer.with_user(self.salesman).action_pool_assign(self.salesman_2)
        customer.with_user(self.pool_admin).action_pool_assign(self.salesman_2)
        self.assertEqual((customer.user_id, customer.pool_state), (self.salesman_2, "owned"))

        other_pool = self.env["crm.smb.pool"].create(
            {"name": "Other", "pool_type": "customer", "admin_ids": [(6, 0, self.pool_admin.ids)]}
        )
        customer.with_user(self.pool_admin).action_pool_move(other_pool)
        self.assertEqual(customer.pool_id, other_pool)
        with self.assertRaises(UserError):
            customer.with_user(self.pool_admin).action_pool_move(self.lead_pool)
        actions = self.env["crm.smb.pool.history"].search([("partner_id", "=", customer.id)]).mapped("action")
        self.assertEqual(sorted(actions), ["assign", "move", "release"])

    def test_release_needs_a_reason_and_ownership(self):
        customer = self.owned_customer()
        wizard = (
            self.env["crm.smb.pool.wizard"]
            .with_user(self.salesman)
            .create({"mode": "release", "res_model": "res.partner", "res_ids": customer.ids})
        )
        with self.assertRaises(UserError):
            wizard.action_apply()
        with self.assertRaises(UserError):
            customer.with_user(self.salesman_2).action_release(reason="not mine")

    def test_lock_limit(self):
        first = self.owned_customer("First")
        second = self.owned_customer("Second")
        first.with_user(self.salesman).action_toggle_pool_lock()
        with self.assertRaisesRegex(UserError, "Lock limit"):
            second.with_user(self.salesman).action_toggle_pool_lock()
        first.with_user(self.salesman).action_toggle_pool_lock()
        second.with_user(self.salesman).action_toggle_pool_lock()
        self.assertTrue(second.pool_locked)

    def test_history_is_never_edited_or_deleted_by_users(self):
        customer = self.pool_customer()
        customer.with_user(self.salesman).action_claim()
        history = self.env["crm.smb.pool.history"].search([("partner_id", "=", customer.id)])
        for user in (self.salesman, self.sales_manager):
            with self.assertRaises(AccessError):
                history.with_user(user).write({"action": "release"})
            with self.assertRaises(AccessError):
                history.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["crm.smb.pool.history"].with_user(user).create({"action": "claim"})


@tagged("post_install", "-at_install")
class TestPoolVisibility(TestPoolCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman.groups_id |= cls.env.ref("base.group_allow_export")

    def test_members_see_waiting_records_through_the_pool_only(self):
        customer = self.pool_customer()
        person = self.env["res.partner"].create(
            {"name": "Pool Person", "parent_id": customer.id, "phone": "139 0000 1234"}
        )
        Partner, Entry = self.env["res.partner"], self.env["crm.smb.pool.customer"]
        for user in (self.salesman, self.outsider):
            self.assertFalse(Partner.with_user(user).search([("id", "in", (customer | person).ids)]))
            with self.assertRaises(AccessError):
                customer.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                person.with_user(user).read(["phone"])
        self.assertFalse(Entry.with_user(self.outsider).search([("id", "=", customer.id)]), "non-member")
        entry = Entry.with_user(self.salesman).search([("id", "=", customer.id)])
        self.assertEqual((entry.name, entry.pool_id, entry.phone), ("Pool Co", self.pool, "+86******01"))
        self.assertEqual(entry.email, "bos******om")
        self.assertTrue(entry.contact_hidden)
        # Only the hints are there to search, group or export.
        self.assertFalse(Entry.with_user(self.salesman).search_count([("phone", "=like", "+86 21%")]))
        groups = Entry.with_user(self.salesman).read_group(
            [("id", "=", customer.id)], ["phone:array_agg", "email:max"], ["pool_id"]
        )
        self.assertNotIn("5555", str(groups))
        self.assertNotIn("boss@pool", str(groups))
        exported = entry.export_data(["name", "phone", "email"])["datas"][0]
        self.assertEqual(exported, ["Pool Co", "+86******01", "bos******om"])
        # Administrators and managers read the record itself.
        self.assertEqual(customer.with_user(self.pool_admin).read(["phone"])[0]["phone"], "+86 21 5555 0101")
        self.assertEqual(Partner.with_user(self.sales_manager).search([("id", "=", customer.id)]), customer)
        named = customer.with_user(self.pool_admin).with_context(show_email=True).display_name
        self.assertIn("boss@pool", named)

    def test_pools_that_show_contact_details(self):
        self.pool.mask_contact_details = False
        customer = self.pool_customer()
        entry = self.env["crm.smb.pool.customer"].with_user(self.salesman).browse(customer.id)
        self.assertEqual((entry.phone, entry.email), ("+86 21 5555 0101", "boss@pool.example.com"))
        with self.assertRaises(AccessError):
            customer.with_user(self.salesman).read(["phone"])

    def test_lead_pool_visibility_beats_odoo_unassigned_rule(self):
        lead = self.env["crm.lead"].create(
            {"name": "Pool lead", "pool_id": self.lead_pool.id, "pool_state": "pool", "user_id": False}
        )
        Lead, Entry = self.env["crm.lead"], self.env["crm.smb.pool.lead"]
        for user in (self.salesman, self.outsider):
            self.assertFalse(Lead.with_user(user).search([("id", "=", lead.id)]))
        self.assertFalse(Entry.with_user(self.outsider).search([("id", "=", lead.id)]))
        self.assertEqual(Entry.with_user(self.salesman).search([("id", "=", lead.id)]).name, "Pool lead")
        # An unowned lead of a waiting customer waits with it.
        customer = self.pool_customer()
        linked = Lead.create({"name": "Old enquiry", "partner_id": customer.id, "user_id": False})
        self.assertEqual(linked.waiting_pool_id, self.pool)
        self.assertFalse(Lead.with_user(self.salesman).search([("id", "=", linked.id)]))
        customer.with_user(self.salesman).action_claim()
        self.assertFalse(linked.waiting_pool_id)
        self.assertEqual(Lead.with_user(self.salesman).search([("id", "=", linked.id)]), linked)

    def test_claiming_reveals_the_details(self):
        customer = self.pool_customer()
        entry = self.env["crm.smb.pool.customer"].with_user(self.salesman).browse(customer.id)
        action = entry.action_claim()
        self.assertIn("is now yours", action["params"]["message"])
        opened = action["params"]["next"]
        self.assertEqual((opened["res_model"], opened["res_id"]), ("res.partner", customer.id))
        self.assertEqual(customer.with_user(self.salesman).read(["phone"])[0]["phone"], "+86 21 5555 0101")
        self.assertFalse(
            self.env["crm.smb.pool.customer"].search([("id", "=", customer.id)]), "left the pool"
        )

    def test_administrators_act_from_the_pool_list(self):
        customer = self.pool_customer()
        entry = self.env["crm.smb.pool.customer"].with_user(self.pool_admin).browse(customer.id)
        self.assertEqual(entry.action_open_record()["res_id"], customer.id)
        with self.assertRaises(AccessError):
            entry.with_user(self.salesman).action_open_record()
        wizard = (
            self.env["crm.smb.pool.wizard"]
            .with_user(self.pool_admin)
            .with_context(active_model=entry._name, active_ids=entry.ids, default_mode="assign")
            .create({"user_id": self.salesman.id})
        )
        self.assertEqual((wizard.res_model, wizard.res_ids), ("res.partner", customer.ids))
        wizard.action_apply()
        self.assertEqual((customer.user_id, customer.pool_state), (self.salesman, "owned"))

    def test_claims_tell_non_members_nothing(self):
        customer = self.pool_customer()
        customer.with_user(self.salesman).action_claim()
        for target in (customer, self.pool_customer("Other Co")):
            with self.assertRaises(UserError) as caught:
                target.with_user(self.outsider).action_claim()
            self.assertNotIn("Co", str(caught.exception))
            self.assertNotIn(self.salesman.name, str(caught.exception))
        with self.assertRaisesRegex(UserError, "just claimed"):
            customer.with_user(self.salesman_2).action_claim()

    def test_no_link_copies_a_waiting_record(self):
        customer = self.pool_customer()
        Lead = self.env["crm.lead"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Lead.create({"name": "Mine now", "partner_id": customer.id})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).create({"name": "Spy", "parent_id": customer.id})
        own = Lead.create({"name": "Mine", "user_id": self.salesman.id})
        with self.assertRaises(AccessError):
            own.write({"partner_id": customer.id})
        for record, values in ((Lead, {"partner_id": customer.id}), (own, {"partner_id": customer.id})):
            with self.assertRaises(AccessError):
                record.onchange(values, ["partner_id"], {"phone": {}, "email_from": {}, "street": {}})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.outsider).onchange(
                {"parent_id": customer.id, "type": "contact"}, ["parent_id"], {"street": {}, "phone": {}}
            )
        # The same given as a default of the context (a form opened with default_partner_id).
        Defaulted = Lead.with_context(default_partner_id=customer.id)
        with self.assertRaises(AccessError):
            Defaulted.onchange({}, [], {"partner_id": {}, "phone": {}, "email_from": {}})
        with self.assertRaises(AccessError):
            Defaulted.create({"name": "Through the context"})
        # Links already there stay: a follow-up logged before the customer went back to the pool.
        self.assertFalse(own.partner_id)

    def test_duplicate_check_names_no_waiting_record_to_non_members(self):
        self.pool_customer()
        for user, expected in ((self.outsider, "not a member"), (self.salesman, "waiting in the pool")):
            new = self.env["res.partner"].with_user(user).new({"name": "New Co", "phone": "021 5555 0101"})
            warning = new._duplicate_onchange_warning()["warning"]["message"]
            self.assertIn(expected, warning)
            if user == self.outsider:
                self.assertNotIn("Pool Co", warning)

    def test_rule_based_assignment_leaves_pool_leads_alone(self):
        team = self.env["crm.team"].create({"name": "Assigning team"})
        self.env["crm.team.member"].create(
            {"crm_team_id": team.id, "user_id": self.salesman.id, "assignment_max": 300}
        )
        values = {"type": "lead", "team_id": team.id, "user_id": False}
        waiting = self.env["crm.lead"].create(
            {**values, "name": "Waiting in the pool", "pool_id": self.lead_pool.id, "pool_state": "pool"}
        )
        unassigned = self.env["crm.lead"].create({**values, "name": "Unassigned lead"})
        # The team's members get its unassigned leads (10 a day each here).
        team.with_user(self.sales_manager)._assign_and_convert_leads(force_quota=True)
        self.assertEqual(unassigned.user_id, self.salesman, "Odoo's assignment still works")
        self.assertFalse(waiting.user_id, "a pool lead is claimed or assigned from its pool")
        self.assertEqual(waiting.pool_state, "pool")


@tagged("post_install", "-at_install")
class TestPoolWrites(TestPoolCommon):
    """Pool fields and owners change through the pool actions and the handover only."""

    def test_members_cannot_take_or_drop_records_by_writing(self):
        waiting = self.pool_customer()
        with self.assertRaisesRegex(UserError, "claimed from the pool"):
            waiting.sudo().with_user(self.pool_admin).write({"user_id": self.salesman.id})
        owned = self.owned_customer()
        for values in (
            {"pool_state": "pool"},
            {"pool_id": False},
            {"pool_locked": True},
            {"date_claimed": "2099-01-01 00:00:00"},
        ):
            with self.assertRaisesRegex(UserError, "Claim, Release, Assign, Move"):
                owned.with_user(self.salesman).write(values)
        for values in ({"recycle_deadline": "2099-01-01 00:00:00"}, {"last_followup_date": "2099-01-01"}):
            with self.assertRaisesRegex(UserError, "computed"):
                owned.with_user(self.salesman).write(values)
        self.assertEqual((owned.pool_state, owned.pool_id, owned.pool_locked), ("owned", self.pool, False))
        self.assertEqual(waiting.pool_state, "pool")

    def test_creating_or_copying_pool_records(self):
        Partner = self.env["res.partner"].with_user(self.salesman)
        forged = {"pool_state": "pool", "previous_user_id": self.salesman_2.id}
        for values in (forged, {"pool_id": self.pool.id}):
            with self.assertRaisesRegex(UserError, "Claim, Release"):
                Partner.create({"name": "Forged", **values})
        with self.assertRaisesRegex(UserError, "Claim, Release"):
            Partner.with_context(default_pool_state="pool").create({"name": "Forged"})
        # Pool administrators place owned records under a pool's rules.
        placed = (
            self.env["res.partner"]
            .with_user(self.pool_admin)
            .create({"name": "Placed", "pool_id": self.pool.id, "user_id": self.pool_admin.id})
        )
        self.assertEqual((placed.pool_id, placed.pool_state), (self.pool, "owned"))
        waiting = self.pool_customer()
        with self.assertRaisesRegex(UserError, "copied once it is claimed"):
            waiting.with_user(self.pool_admin).copy()
        lead = self.env["crm.lead"].create(
            {"name": "Pool lead", "pool_id": self.lead_pool.id, "pool_state": "pool", "user_id": False}
        )
        mine = self.env["crm.lead"].create({"name": "Mine", "user_id": self.sales_manager.id})
        with self.assertRaisesRegex(UserError, "merged once they are claimed"):
            (mine | lead).with_user(self.sales_manager).merge_opportunity()
        self.assertTrue(lead.exists())

    def test_salespeople_take_no_colleague_records(self):
        owned = self.owned_customer(user=self.salesman_2)
        with self.assertRaises(AccessError):  # a colleague's customer is not even readable
            owned.with_user(self.salesman).write({"user_id": self.salesman.id})
        # Their team leader reads and edits it, and does not take it either
        owned.with_user(self.team_leader).write({"ref": "T-1"})
        with self.assertRaisesRegex(UserError, "Only a sales manager"):
            owned.with_user(self.team_leader).write({"user_id": self.team_leader.id})
        mine = self.owned_customer("Mine Co")
        with self.assertRaisesRegex(UserError, "Only a sales manager"):
            mine.with_user(self.salesman).write({"user_id": self.salesman_2.id})
        nobody = self.env["res.partner"].create({"name": "Nobody's Co", "is_company": True})
        nobody.with_user(self.salesman).write({"user_id": self.salesman.id, "phone": "021 1234"})
        owned.with_user(self.sales_manager).write({"user_id": self.salesman.id})
        history = self.env["crm.smb.pool.history"].search([("partner_id", "in", (owned | nobody).ids)])
        self.assertEqual(
            sorted(history.mapped(lambda h: (h.partner_id.name, h.action, h.from_user_id, h.to_user_id))),
            [
                ("Nobody's Co", "reassign", self.env["res.users"], self.salesman),
                ("Owned Co", "reassign", self.salesman_2, self.salesman),
            ],
        )


@tagged("post_install", "-at_install")
class TestPoolHandover(TestPoolCommon):
    def test_handover_to_a_pool(self):
        customer = self.owned_customer()
        wizard = (
            self.env["crm.smb.handover.wizard"]
            .with_user(self.sales_manager)
            .create(
                {
                    "from_user_id": self.salesman.id,
                    "destination": "pool",
                    "to_customer_pool_id": self.pool.id,
                    "partner_domain": f"[('id', '=', {customer.id})]",
                    "move_leads": False,
                }
            )
        )
        wizard.action_apply()
        self.assertEqual((customer.pool_state, customer.pool_id), ("pool", self.pool))
        history = self.env["crm.smb.pool.history"].search([("partner_id", "=", customer.id)])
        self.assertEqual((history.action, history.from_user_id), ("handover", self.salesman))


@tagged("post_install", "-at_install")
class TestPoolSettings(TestPoolCommon):
    def test_recycling_time_moves_the_nightly_job(self):
        self.env.user.tz = "Asia/Shanghai"
        with freeze_time("2026-06-01 04:00:00"):  # 12:00 in Shanghai
            settings = self.env["res.config.settings"].create({"crm_smb_pool_job_time": 2.5})
            settings.execute()
        cron = self.env.ref("crm_smb_followup.ir_cron_pool_recycle")
        self.assertEqual(cron.nextcall, datetime(2026, 6, 1, 18, 30))  # 02:30 next night in Shanghai
        with freeze_time("2026-06-01 04:00:00"):
            self.assertEqual(self.env["res.config.settings"].create({}).crm_smb_pool_job_time, 2.5)
