from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..tools import create_columns

# The display name carries the email or the address when asked for them.
CONTACT_NAME_KEYS = ("show_email", "show_address", "address_inline")

BIRTHDAY_BATCH = 200

TIMELINE_LIMIT = 30


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.smb.duplicate.mixin", "crm.smb.pool.mixin", "crm.smb.collaborator.mixin"]
    _pool_type = "customer"
    _dup_key_owner = "partner_id"
    _dup_trigger_fields = ("phone", "mobile", "email", "name", "is_company")

    followup_stage_id = fields.Many2one(
        "crm.smb.followup.stage",
        string="Follow-up Stage",
        index=True,
        tracking=True,
        ondelete="restrict",
        group_expand="_read_group_followup_stage_ids",
    )
    customer_level_id = fields.Many2one(
        "crm.smb.customer.level",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="Customer grade (客户等级); the levels are set in the CRM configuration.",
    )
    # The level's code, for rules, filters and SQL that name levels by code (A, B...).
    customer_level = fields.Char(related="customer_level_id.code", store=True, index=True)
    source_id = fields.Many2one("utm.source", index="btree_not_null", tracking=True)
    followup_ids = fields.One2many("crm.smb.followup", "partner_id", string="Follow-ups")
    crm_smb_collaborator_ids = fields.One2many("crm.smb.collaborator", "partner_id", string="Collaborators")
    crm_smb_can_share = fields.Boolean(string="Can Share", compute="_compute_crm_smb_can_share")
    last_followup_date = fields.Datetime(
        string="Last Follow-up",
        compute="_compute_followup_dates",
        store=True,
        index=True,
        help="When the customer was last followed up.",
    )
    next_contact_date = fields.Date(
        compute="_compute_followup_dates",
        store=True,
        index=True,
        help="Next contact planned by the latest follow-up.",
    )
    followup_count = fields.Integer(compute="_compute_followup_count", string="Follow-up Count")
    timeline_html = fields.Html(
        string="Timeline",
        compute="_compute_timeline_html",
        sanitize=False,
        help="Customer history (往来动态), newest first.",
    )
    next_contact_overdue = fields.Boolean(compute="_compute_next_contact_overdue")
    email_normalized = fields.Char(index="btree_not_null")  # duplicate check lookups
    # "My customers", the holding limit checked at each claim, handovers: all count by owner.
    user_id = fields.Many2one(index="btree_not_null")
    birthday = fields.Date()
    wechat = fields.Char(string="WeChat ID", help="The contact's WeChat ID (微信号), shown with the phone.")
    birthday_md = fields.Char(
        string="Birthday (Month-Day)", compute="_compute_birthday_md", store=True, index="btree_not_null"
    )
    birthday_reminder_year = fields.Integer(
        readonly=True, copy=False, help="Year of the last birthday a reminder was planned for."
    )

    @api.model
    def _action_customer_followup(self):
        """Customer Follow-up, opened on the user's own customers unless they see their team's or
        everyone's."""
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_smb_followup.res_partner_action_followup")
        if self.env.user.has_group("sales_team_security.group_sale_team_manager"):
            context = safe_eval(action.get("context") or "{}", {"uid": self.env.uid})
            context.pop("search_default_my_customers", None)
            action["context"] = context
        return action

    @api.model
    def default_get(self, fields_list):
        """A customer created from Customer Follow-up is the creator's, at the first follow-up
        stage: it shows in their customers and can be followed up at once."""
        defaults = super().default_get(fields_list)
        context = self.env.context
        if context.get("crm_smb_new_customer") and not defaults.get("parent_id"):
            if (
                "user_id" in fields_list
                and not defaults.get("user_id")
                and self.env.user.has_group("sales_team.group_sale_salesman")
            ):
                defaults["user_id"] = self.env.uid
            if "followup_stage_id" in fields_list and not defaults.get("followup_stage_id"):
                defaults["followup_stage_id"] = self.env["crm.smb.followup.stage"].search([], limit=1).id
        return defaults

    def _auto_init(self):
        # No follow-up, birthday or level exists before the module: nothing to compute on existing rows.
        create_columns(self, ["last_followup_date", "next_contact_date", "birthday_md", "customer_level"])
        return super()._auto_init()

    @api.model
    def _read_group_fill_results(
        self, domain, groupby, annoted_aggregates, read_group_result, read_group_order=None
    ):
        result = super()._read_group_fill_results(
            domain, groupby, annoted_aggregates, read_group_result, read_group_order=read_group_order
        )
        if groupby == "followup_stage_id":
            # Every stage is a column, the empty ones folded: the board shows the stages customers
            # are at, on one screen.
            for line in result:
                if not (line.get("__count") or line.get("followup_stage_id_count")):
                    line["__fold"] = True
        return result

    @api.model
    def _read_group_followup_stage_ids(self, stages, domain):
        # Show every stage as a kanban column, even the empty ones.
        return stages.search([])

    @api.depends_context("uid")
    def _compute_display_name(self):
        # Many2one values are named as superuser: a record waiting in a pool that the user may
        # not read is named without its email or address.
        super()._compute_display_name()
        if not any(self.env.context.get(key) for key in CONTACT_NAME_KEYS):
            return
        waiting = self.filtered("waiting_pool_id")
        if waiting and self.env.su and not self.env.user._is_superuser():
            hidden = waiting - waiting.with_env(self.env(su=False))._filtered_access("read")
            for partner in hidden:
                partner.display_name = partner.with_context(lang=self.env.lang)._get_complete_name()

    @api.depends("commercial_partner_id.pool_state", "commercial_partner_id.pool_id")
    def _compute_waiting_pool_id(self):
        # A company waits with its contact persons.
        for partner in self:
            customer = partner.commercial_partner_id
            partner.waiting_pool_id = customer.pool_id if customer.pool_state == "pool" else False

    @api.depends("followup_ids.date", "followup_ids.next_contact_date")
    def _compute_followup_dates(self):
        for partner in self:
            latest = partner.followup_ids.sorted(lambda f: (f.date, f.id), reverse=True)[:1]
            partner.last_followup_date = latest.date
            partner.next_contact_date = latest.next_contact_date

    def _compute_followup_count(self):
        counts = dict(
            self.env["crm.smb.followup"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.followup_count = counts.get(partner, 0)

    @api.depends_context("uid")  # read with the user's own rights
    def _compute_timeline_html(self):
        for partner in self:
            events = partner._timeline_events() if partner.id else []
            events.sort(key=lambda e: e["date"], reverse=True)
            partner.timeline_html = self.env["ir.qweb"]._render(
                "crm_smb_followup.partner_timeline", {"events": events[:TIMELINE_LIMIT]}
            )

    def _timeline_events(self):
        """What happened with this customer, as dicts (date, icon, kind, title, user, url).

        Read with the user's own rights: nobody sees more here than elsewhere.
        Other modules add their records (service requests, orders) by extending it.
        """
        self.ensure_one()
        customer = self.commercial_partner_id
        events = []
        for followup in self.env["crm.smb.followup"].search(
            [("partner_id", "=", customer.id)], limit=TIMELINE_LIMIT
        ):
            events.append(
                {
                    "date": followup.date,
                    "icon": followup.channel_id.icon or "fa-comments",
                    "kind": followup.channel_id.name,
                    "title": followup.summary,
                    "detail": followup.stage_after_id.name
                    if followup.stage_after_id != followup.stage_before_id
                    else "",
                    "user": followup.user_id.name,
                    "url": f"/odoo/crm.smb.followup/{followup.id}",
                }
            )
        for lead in self.env["crm.lead"].search(
            [("partner_id", "child_of", customer.id)], order="create_date desc", limit=TIMELINE_LIMIT
        ):
            events.append(
                {
                    "date": lead.create_date,
                    "icon": "fa-star" if lead.type == "opportunity" else "fa-filter",
                    "kind": self.env._("Opportunity") if lead.type == "opportunity" else self.env._("Lead"),
                    "title": lead.name,
                    "detail": lead.stage_id.name or "",
                    "user": lead.user_id.name or "",
                    "url": f"/odoo/crm.lead/{lead.id}",
                }
            )
        return events

    @api.depends("birthday")
    def _compute_birthday_md(self):
        for partner in self:
            partner.birthday_md = partner.birthday.strftime("%m-%d") if partner.birthday else False

    @api.depends("next_contact_date")
    def _compute_next_contact_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.next_contact_overdue = bool(
                partner.next_contact_date and partner.next_contact_date < today
            )

    @api.onchange("phone", "mobile", "email", "name", "is_company")
    def _onchange_duplicate_check(self):
        if self.parent_id and not (self.phone or self.mobile or self.email):
            return {}
        return self._duplicate_onchange_warning()

    @api.depends("followup_stage_id.is_won", "opportunity_ids.probability", "opportunity_ids.active")
    def _compute_recycle_deadline(self):
        return super()._compute_recycle_deadline()

    def _pool_is_won(self):
        return self.followup_stage_id.is_won

    def _pool_is_exempt(self, rule):
        # Lost opportunities are archived: they protect nothing, even when computed with active_test off.
        if rule.exempt_open_opportunity and self.opportunity_ids.filtered(
            lambda o: o.active and o.probability < 100
        ):
            return True
        return super()._pool_is_exempt(rule)

    def _pool_recycle_sql_sets(self):
        # A company (or an individual customer) now waits in its pool; its contact persons
        # follow through the ORM.
        waiting = SQL("CASE WHEN t.commercial_partner_id = t.id THEN t.pool_id ELSE t.waiting_pool_id END")
        return {**super()._pool_recycle_sql_sets(), "waiting_pool_id": waiting}

    def _dup_company_name(self):
        return self.name if self.is_company else False

    def _dup_company_name_column(self):
        return SQL("CASE WHEN is_company THEN name END")

    @api.model
    def _dup_family_column(self):
        return "commercial_partner_id"

    def _dup_exclusion_domain(self, model):
        family = self.parent_id.commercial_partner_id or self._origin.commercial_partner_id
        if model == "res.partner":
            return [("commercial_partner_id", "!=", family.id)] if family else []
        if not family:
            return []
        return ["|", ("partner_id", "=", False), ("partner_id.commercial_partner_id", "!=", family.id)]

    @api.model
    def _birthdays_ahead(self, today, days):
        """{"MM-DD": date} of the birthdays falling from today to `days` days ahead."""
        ahead = {}
        for offset in range(days + 1):
            day = today + timedelta(days=offset)
            ahead[day.strftime("%m-%d")] = day
            if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
                ahead["02-29"] = day  # born on 29 February: remind on the 28th in common years
        return ahead

    @api.model
    def _cron_schedule_birthday_reminders(self):
        """Plan a To-Do for the salesperson N days before a contact's birthday, once a year.

        Looks at the whole window up to N days ahead, so a day the job did not
        run is caught up; the reminder year makes reruns do nothing twice.
        """
        days = int(
            self.env["ir.config_parameter"].sudo().get_param("crm_smb_followup.birthday_reminder_days", 3)
        )
        if days < 0:
            return
        today = fields.Date.context_today(self)
        ahead = self._birthdays_ahead(today, days)
        candidates = self.search(
            [("birthday_md", "in", list(ahead)), ("birthday_reminder_year", "<", today.year + 1)], order="id"
        )
        due = candidates.filtered(lambda p: (p.birthday_reminder_year or 0) < ahead[p.birthday_md].year)
        batch, remaining = due[:BIRTHDAY_BATCH], due[BIRTHDAY_BATCH:]
        for partner in batch:
            birthday = ahead[partner.birthday_md]
            salesperson = partner.user_id or partner.commercial_partner_id.user_id
            if salesperson:
                partner.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=birthday,
                    summary=self.env._("Birthday of %(name)s", name=partner.name),
                    user_id=salesperson.id,
                )
            partner.birthday_reminder_year = birthday.year
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(remaining))

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_smb_followup.crm_smb_followup_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_log_followup(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        self.env["crm.smb.followup"]._check_owner(customer)
        return (
            self.env["crm.smb.followup"]
            .with_context(
                default_partner_id=customer.id,
                default_contact_id=self.id if self != customer else False,
            )
            .action_log_followup()
        )
