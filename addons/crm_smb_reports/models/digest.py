from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import AccessError


class Digest(models.Model):
    """KPIs of the weekly CRM digest sent to sales and service managers.

    Each value is computed for the digest's period (start/end in the context, set by
    the digest engine) with the recipient's own access rights; a recipient outside the
    group of a KPI does not get it.
    """

    _inherit = "digest.digest"

    kpi_crm_smb_new_customers = fields.Boolean("New Customers")
    kpi_crm_smb_new_customers_value = fields.Integer(compute="_compute_kpi_crm_smb_new_customers_value")
    kpi_crm_smb_followups = fields.Boolean("Follow-ups Logged")
    kpi_crm_smb_followups_value = fields.Integer(compute="_compute_kpi_crm_smb_followups_value")
    kpi_crm_smb_pool_recycled = fields.Boolean("Recycled to Pools")
    kpi_crm_smb_pool_recycled_value = fields.Integer(compute="_compute_kpi_crm_smb_pool_values")
    kpi_crm_smb_pool_claimed = fields.Boolean("Claimed from Pools")
    kpi_crm_smb_pool_claimed_value = fields.Integer(compute="_compute_kpi_crm_smb_pool_values")
    kpi_crm_smb_pipeline = fields.Boolean("New Pipeline")
    kpi_crm_smb_pipeline_value = fields.Monetary(compute="_compute_kpi_crm_smb_pipeline_value")
    kpi_crm_smb_collected = fields.Boolean("Payments Collected")
    kpi_crm_smb_collected_value = fields.Monetary(compute="_compute_kpi_crm_smb_collected_value")
    kpi_crm_smb_overdue = fields.Boolean("Overdue Receivables")
    kpi_crm_smb_overdue_value = fields.Monetary(compute="_compute_kpi_crm_smb_overdue_value")
    kpi_crm_smb_plan_rate = fields.Boolean("Collection Plan Completion (%)")
    kpi_crm_smb_plan_rate_value = fields.Float(compute="_compute_kpi_crm_smb_plan_rate_value")
    kpi_crm_smb_target_rate = fields.Boolean("Sales Target Completion (%)")
    kpi_crm_smb_target_rate_value = fields.Float(compute="_compute_kpi_crm_smb_target_rate_value")
    kpi_crm_smb_sla_breaches = fields.Boolean("SLA Breaches")
    kpi_crm_smb_sla_breaches_value = fields.Integer(compute="_compute_kpi_crm_smb_sla_breaches_value")
    kpi_crm_smb_satisfaction = fields.Boolean("Satisfied Customers (%)")
    kpi_crm_smb_satisfaction_value = fields.Float(compute="_compute_kpi_crm_smb_satisfaction_value")

    def _crm_smb_check_group(self, group):
        if not self.env.user.has_group(group):
            raise AccessError(_("Do not have access, skip this data for user's digest email"))

    def _crm_smb_period(self, field):
        start, end, companies = self._get_kpi_compute_parameters()
        return [(field, ">=", start), (field, "<", end)], companies

    def _compute_kpi_crm_smb_new_customers_value(self):
        self._crm_smb_check_group("sales_team.group_sale_salesman")
        period, companies = self._crm_smb_period("create_date")
        count = self.env["crm.smb.customer.report"].search_count(
            [*period, ("company_id", "in", [*companies.ids, False])]
        )
        self.kpi_crm_smb_new_customers_value = count

    def _compute_kpi_crm_smb_followups_value(self):
        self._crm_smb_check_group("sales_team.group_sale_salesman")
        period, companies = self._crm_smb_period("date")
        self.kpi_crm_smb_followups_value = self.env["crm.smb.followup"].search_count(
            [*period, ("company_id", "in", [*companies.ids, False])]
        )

    def _compute_kpi_crm_smb_pool_values(self):
        self._crm_smb_check_group("sales_team.group_sale_salesman")
        period, companies = self._crm_smb_period("date")
        [[recycled, claimed]] = self.env["crm.smb.pool.activity.report"]._read_group(
            [*period, ("company_id", "in", [*companies.ids, False])],
            [],
            ["recycle_count:sum", "claim_count:sum"],
        )
        self.kpi_crm_smb_pool_recycled_value = recycled or 0
        self.kpi_crm_smb_pool_claimed_value = claimed or 0

    def _compute_kpi_crm_smb_pipeline_value(self):
        self._crm_smb_check_group("sales_team.group_sale_salesman")
        period, companies = self._crm_smb_period("create_date")
        [[total]] = self.env["crm.smb.pipeline.report"]._read_group(
            [*period, ("company_id", "in", [*companies.ids, False]), ("state", "!=", "lost")],
            [],
            ["expected_revenue:sum"],
        )
        self.kpi_crm_smb_pipeline_value = total or 0.0

    def _compute_kpi_crm_smb_collected_value(self):
        """Customer payments received in the period (managers see the collections of everybody)."""
        self._crm_smb_check_group("sales_team.group_sale_salesman_all_leads")
        start, end, companies = self._get_kpi_compute_parameters()
        [[total]] = (
            self.env["account.payment"]
            .sudo()
            ._read_group(
                [
                    ("date", ">=", fields.Date.to_date(start)),
                    ("date", "<", fields.Date.to_date(end)),
                    ("company_id", "in", companies.ids),
                    ("partner_type", "=", "customer"),
                    ("state", "in", ("in_process", "paid")),
                ],
                [],
                ["amount_company_currency_signed:sum"],
            )
        )
        self.kpi_crm_smb_collected_value = total or 0.0

    def _compute_kpi_crm_smb_overdue_value(self):
        """What is overdue at the end of the period (a snapshot, not a flow)."""
        self._crm_smb_check_group("sales_team.group_sale_salesman")
        _start, end, companies = self._get_kpi_compute_parameters()
        [[total]] = self.env["crm.smb.collection.report"]._read_group(
            [("company_id", "in", companies.ids), ("invoice_date", "<", fields.Date.to_date(end))],
            [],
            ["amount_overdue:sum"],
        )
        self.kpi_crm_smb_overdue_value = total or 0.0

    def _compute_kpi_crm_smb_plan_rate_value(self):
        """Collected / planned of the instalments planned in the period, in percent."""
        self._crm_smb_check_group("sales_team.group_sale_salesman")
        start, end, companies = self._get_kpi_compute_parameters()
        [[rate]] = self.env["crm.smb.collection.plan.report"]._read_group(
            [
                ("company_id", "in", companies.ids),
                ("date_planned", ">=", fields.Date.to_date(start)),
                ("date_planned", "<", fields.Date.to_date(end)),
            ],
            [],
            ["completion_rate:avg"],
        )
        self.kpi_crm_smb_plan_rate_value = rate or 0.0

    def _compute_kpi_crm_smb_target_rate_value(self):
        """Sales reached / sales target of the month the period ends in: the teams' targets, or
        the salespeople's when no team has one."""
        self._crm_smb_check_group("sales_team.group_sale_salesman")
        _start, end, companies = self._get_kpi_compute_parameters()
        month = (fields.Datetime.to_datetime(end) - relativedelta(seconds=1)).date().replace(day=1)
        Report = self.env["crm.smb.target.report"]
        base = [("company_id", "in", companies.ids), ("date_start", "=", month)]
        kind = "team" if Report.search_count([*base, ("target_type", "=", "team")], limit=1) else "user"
        [[rate]] = Report._read_group([*base, ("target_type", "=", kind)], [], ["sales_rate:avg"])
        self.kpi_crm_smb_target_rate_value = rate or 0.0

    def _crm_smb_target_ranking(self, company, user, limit=5):
        """The month's ranking of salespeople by sales completion, as `user` may read it (the
        digest's mail shows it under the KPIs when the target KPI is on)."""
        self.ensure_one()
        if not self.kpi_crm_smb_target_rate or not user.has_group("sales_team.group_sale_salesman"):
            return self.env["crm.smb.target.report"]
        month = fields.Date.context_today(self.with_user(user)).replace(day=1)
        return (
            self.env["crm.smb.target.report"]
            .with_user(user)
            .with_company(company)
            .search(
                [("company_id", "=", company.id), ("date_start", "=", month), ("target_type", "=", "user")],
                order="rank, id",
                limit=limit,
            )
        )

    def _compute_kpi_crm_smb_sla_breaches_value(self):
        self._crm_smb_check_group("crm_smb_service.group_service_user")
        start, end, companies = self._get_kpi_compute_parameters()
        Request = self.env["crm.smb.service.request"]
        base = [("company_id", "in", companies.ids)]
        breached = Request.search_count(
            [
                *base,
                ("response_status", "=", "breached"),
                ("response_deadline", ">=", start),
                ("response_deadline", "<", end),
            ]
        )
        breached += Request.search_count(
            [
                *base,
                ("resolution_status", "=", "breached"),
                ("resolution_deadline", ">=", start),
                ("resolution_deadline", "<", end),
            ]
        )
        self.kpi_crm_smb_sla_breaches_value = breached

    def _compute_kpi_crm_smb_satisfaction_value(self):
        self._crm_smb_check_group("crm_smb_service.group_service_user")
        start, end, companies = self._get_kpi_compute_parameters()
        ratings = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "crm.smb.service.request"),
                    ("consumed", "=", True),
                    ("rating", ">", 0),
                    ("write_date", ">=", start),
                    ("write_date", "<", end),
                    (
                        "res_id",
                        "in",
                        self.env["crm.smb.service.request"]._search([("company_id", "in", companies.ids)]),
                    ),
                ],
                ["rating"],
                ["__count"],
            )
        )
        total = sum(count for _rating, count in ratings)
        satisfied = sum(count for rating, count in ratings if rating >= 4)
        self.kpi_crm_smb_satisfaction_value = 100.0 * satisfied / total if total else 0.0

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("crm.crm_menu_root").id
        actions = {
            "kpi_crm_smb_new_customers": "crm_smb_followup.crm_smb_customer_report_action",
            "kpi_crm_smb_followups": "crm_smb_followup.crm_smb_followup_action_analysis",
            "kpi_crm_smb_pool_recycled": "crm_smb_followup.crm_smb_pool_activity_report_action",
            "kpi_crm_smb_pool_claimed": "crm_smb_followup.crm_smb_pool_activity_report_action",
            "kpi_crm_smb_pipeline": "crm_smb_followup.crm_smb_pipeline_report_action",
            "kpi_crm_smb_collected": "crm_smb_reports.crm_smb_collection_report_action",
            "kpi_crm_smb_overdue": "crm_smb_reports.crm_smb_collection_report_action",
            "kpi_crm_smb_sla_breaches": "crm_smb_service.crm_smb_service_report_action",
            "kpi_crm_smb_satisfaction": "crm_smb_service.crm_smb_service_report_action_satisfaction",
        }
        res.update({kpi: f"{action}&menu_id={menu}" for kpi, action in actions.items()})
        return res

    # -- the weekly digest: sent on the weekday chosen in the settings -------------------------
    def _crm_smb_subscribe_managers(self):
        """Subscribe the sales and service managers (they may unsubscribe from the email)."""
        groups = self.env.ref("sales_team.group_sale_manager") | self.env.ref(
            "crm_smb_service.group_service_manager"
        )
        managers = groups.users.filtered(lambda u: not u.share and u.active and u.email)
        self._action_subscribe_users(managers - self.user_ids)

    def _get_next_run_date(self):
        weekly = self.env.ref("crm_smb_reports.digest_crm_smb_weekly", raise_if_not_found=False)
        if self != weekly:
            return super()._get_next_run_date()
        weekday = self.env["ir.config_parameter"].sudo().get_param("crm_smb_reports.kpi_digest_weekday", "0")
        return next_weekday(fields.Date.context_today(self), int(weekday))


def next_weekday(today, weekday):
    """The first date after `today` falling on `weekday` (0 = Monday)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
