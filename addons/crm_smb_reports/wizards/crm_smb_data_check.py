from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

CUSTOMER_DOMAIN = [
    ("parent_id", "=", False),
    ("user_ids", "=", False),
    "|",
    ("customer_rank", ">", 0),
    ("followup_stage_id", "!=", False),
]


# The columns of each data-health list in its Excel sheet.
HEALTH_COLUMNS = {
    "res.partner": (
        "name",
        "user_id",
        "followup_stage_id",
        "customer_level_id",
        "phone",
        "email",
        "create_date",
    ),
    "crm.lead": ("name", "partner_id", "user_id", "stage_id", "expected_revenue", "create_date"),
    "crm.smb.followup": ("date", "partner_id", "user_id", "channel_id", "summary"),
}

ANALYSES = [
    ("customers", "Customer Development"),
    ("followups", "Follow-up Activity"),
    ("pools", "Public Pools"),
    ("pipeline", "Pipeline"),
    ("sales", "Sales"),
    ("collection", "Payment Collection"),
    ("plans", "Collection Plans"),
    ("service", "Service"),
]


class CrmSmbDataCheck(models.TransientModel):
    """Why an analysis is empty or partial for a period, in plain words."""

    _name = "crm.smb.data.check"
    _inherit = ["crm.smb.xlsx.export.mixin"]
    _description = "Data Completeness Check"

    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) - timedelta(days=29)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    analysis = fields.Selection(ANALYSES, string="Check", help="Leave empty to check every analysis.")
    message_html = fields.Html(compute="_compute_message_html", sanitize=False, string="Findings")
    # Data health: each count opens the records behind it.
    no_owner_count = fields.Integer(compute="_compute_health", string="Customers without Salesperson")
    no_stage_count = fields.Integer(compute="_compute_health", string="Customers without Follow-up Stage")
    no_level_count = fields.Integer(compute="_compute_health", string="Customers without Level")
    lead_no_activity_count = fields.Integer(
        compute="_compute_health", string="Open Leads without Next Activity"
    )
    followup_no_next_count = fields.Integer(compute="_compute_health", string="Follow-ups without Next Date")
    duplicate_count = fields.Integer(compute="_compute_health", string="Suspected Duplicate Customers")

    @api.depends("date_from", "date_to", "analysis")
    def _compute_message_html(self):
        for check in self:
            findings = check._findings()
            items = Markup("").join(
                Markup("<li><strong>%s</strong> %s</li>") % (section, text) for section, text in findings
            )
            check.message_html = (
                Markup("<ul>%s</ul>") % items
                if findings
                else Markup("<p>%s</p>") % self.env._("Every analysis has the data it needs for this period.")
            )

    def _health_domains(self):
        """{kind: (model, domain)} of the data-health lists."""
        return {
            "no_owner": (
                "res.partner",  # customers waiting in a public pool have no owner on purpose
                [*CUSTOMER_DOMAIN, ("user_id", "=", False), ("pool_state", "!=", "pool")],
            ),
            "no_stage": ("res.partner", [*CUSTOMER_DOMAIN, ("followup_stage_id", "=", False)]),
            "no_level": ("res.partner", [*CUSTOMER_DOMAIN, ("customer_level_id", "=", False)]),
            "lead_no_activity": (
                "crm.lead",
                [("probability", "<", 100), ("activity_ids", "=", False), ("pool_state", "!=", "pool")],
            ),
            "followup_no_next": ("crm.smb.followup", [("next_contact_date", "=", False)]),
            "duplicate": ("res.partner", [("id", "in", self._suspected_duplicate_ids())]),
        }

    def _suspected_duplicate_ids(self):
        """Customers that look like another customer: the duplicate check's own definition."""
        return self.env["res.partner"]._dup_suspected_ids(SQL("p.parent_id IS NULL"))

    @api.depends("date_from", "date_to")
    def _compute_health(self):
        for check in self:
            for kind, (model, domain) in check._health_domains().items():
                Model = self.env[model]
                check[f"{kind}_count"] = Model.search_count(domain) if Model.has_access("read") else 0

    def action_open_health(self):
        self.ensure_one()
        kind = self.env.context.get("health")
        model, domain = self._health_domains()[kind]
        return {
            "type": "ir.actions.act_window",
            "name": self._fields[f"{kind}_count"].get_description(self.env)["string"],
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "target": "current",
        }

    def _xlsx_title(self):
        return self.env._("Data Health")

    def _xlsx_content(self, domain=None):
        """One sheet per data-health list the user may read, its records on the rows."""
        workbook, output, formats = self._xlsx_workbook()
        for kind, (model, health_domain) in self._health_domains().items():
            Model = self.env[model]
            if not Model.has_access("read"):
                continue
            title = self._fields[f"{kind}_count"].get_description(self.env)["string"]
            self._xlsx_sheet(
                workbook, formats, title, Model, domain=health_domain, field_names=HEALTH_COLUMNS[model]
            )
        workbook.close()
        return output.getvalue()

    def _findings(self):
        """[(analysis label, reason)] in plain language, seen with the user's own access rights."""
        self.ensure_one()
        labels = dict(self._fields["analysis"]._description_selection(self.env))
        findings = []
        for key in [self.analysis] if self.analysis else labels:
            section = self.env._("%(analysis)s:", analysis=labels[key])
            findings += [(section, text) for text in getattr(self, f"_{key}_findings")()]
        return findings

    def _period(self, field):
        return [(field, ">=", self.date_from), (field, "<", self.date_to + timedelta(days=1))]

    def _customers_findings(self):
        Report = self.env["crm.smb.customer.report"]
        findings = []
        new = Report.search_count(self._period("create_date"))
        if not new:
            findings.append(
                self.env._(
                    "No new customer in this period — customer development counts the customers created in "
                    "CRM or Contacts."
                )
            )
        else:
            no_source = Report.search_count([*self._period("create_date"), ("source_id", "=", False)])
            if no_source:
                findings.append(
                    self.env._(
                        "%(count)s of the %(total)s new customers have no source: the breakdown by source is "
                        "partial.",
                        count=no_source,
                        total=new,
                    )
                )
        if not self.env["crm.smb.stage.report"].search_count(self._period("date_start"), limit=1):
            findings.append(
                self.env._(
                    "No customer entered a follow-up stage in this period — the stage funnel needs "
                    "customers' stages set and moved on."
                )
            )
        return findings

    def _pools_findings(self):
        if not self.env["crm.smb.pool"].search_count([], limit=1):
            return [
                self.env._(
                    "No public pool is set up — pool analysis needs pools "
                    "(CRM ‣ Configuration ‣ Public Pools)."
                )
            ]
        if not self.env["crm.smb.pool.activity.report"].search_count(self._period("date"), limit=1):
            return [self.env._("No claim, assignment, release or recycle in this period.")]
        return []

    def _pipeline_findings(self):
        Report = self.env["crm.smb.pipeline.report"]
        if not Report.search_count(self._period("create_date"), limit=1):
            return [
                self.env._(
                    "No lead or opportunity created in this period — the pipeline needs them entered in CRM."
                )
            ]
        findings = []
        closed = Report.search_count([*self._period("date_closed"), ("state", "in", ("won", "lost"))])
        if not closed:
            findings.append(
                self.env._(
                    "No opportunity was won or lost in this period: the win rate needs closed opportunities "
                    "(mark them Won or Lost)."
                )
            )
        no_reason = Report.search_count(
            [*self._period("date_closed"), ("state", "=", "lost"), ("lost_reason_id", "=", False)]
        )
        if no_reason:
            findings.append(
                self.env._(
                    "%(count)s lost opportunities have no lost reason: the lost-reason breakdown is partial.",
                    count=no_reason,
                )
            )
        return findings

    def _plans_findings(self):
        Plan = self.env["crm.smb.collection.plan"]
        if not Plan.has_access("read"):
            return []
        planned = Plan.search_count([*self._period("date_planned"), ("state", "!=", "cancelled")])
        if planned:
            return []
        confirmed = self.env["sale.order"].search_count(
            [("state", "=", "sale"), ("crm_smb_collection_plan_ids", "=", False)]
        )
        findings = [
            self.env._(
                "No instalment is planned in this period — the plan vs actual analysis needs collection "
                "plans (a confirmed order's Collection Plan tab)."
            )
        ]
        if confirmed:
            findings.append(
                self.env._(
                    "%(count)s confirmed orders have no collection plan: plan them from their payment terms "
                    "in one click.",
                    count=confirmed,
                )
            )
        return findings

    def _service_findings(self):
        Report = self.env["crm.smb.service.report"]
        if not Report.has_access("read"):
            return []
        period = self._period("date_received")
        total = Report.search_count(period)
        if not total:
            return [
                self.env._(
                    "No service request received in this period — service analysis needs requests entered in "
                    "Service (by phone, email, the portal or visits)."
                )
            ]
        findings = []
        closed = Report.search_count([*period, ("is_closed", "=", True)])
        rated = Report.search_count([*period, ("rating_count", "=", 1)])
        if closed and not rated:
            findings.append(
                self.env._(
                    "%(count)s requests were closed but none was rated — satisfaction needs customers to "
                    "answer the rating email.",
                    count=closed,
                )
            )
        no_sla = self.env["crm.smb.service.request"].search_count([*period, ("sla_id", "=", False)])
        if no_sla:
            findings.append(
                self.env._(
                    "%(count)s of the %(total)s requests match no SLA policy: "
                    "SLA compliance leaves them out.",
                    count=no_sla,
                    total=total,
                )
            )
        return findings

    def _sales_findings(self):
        Order = self.env["sale.order"]
        if not Order.has_access("read"):
            return []
        confirmed = Order.search_count([("state", "=", "sale"), *self._period("date_order")])
        if confirmed:
            return []
        quotations = Order.search_count([("state", "in", ("draft", "sent")), *self._period("date_order")])
        if quotations:
            return [
                self.env._(
                    "%(count)s quotations but no confirmed sales order in this period: sales analysis counts "
                    "confirmed orders.",
                    count=quotations,
                )
            ]
        return [
            self.env._(
                "No confirmed sales orders in this period — sales analysis needs orders entered in Sales."
            )
        ]

    def _collection_findings(self):
        Report = self.env["crm.smb.collection.report"]
        if not Report.has_access("read"):
            return []
        groups = Report._read_group(
            self._period("invoice_date"), [], ["__count", "amount_invoiced:sum", "amount_collected:sum"]
        )
        count, invoiced, collected = groups[0] if groups else (0, 0.0, 0.0)
        if not count:
            return [
                self.env._(
                    "No posted customer invoices in this period — payment collection needs invoices posted "
                    "in Invoicing."
                )
            ]
        if invoiced and not collected:
            return [
                self.env._(
                    "%(count)s invoices exist but no payments are registered — "
                    "register the customers' payments on their invoices to see collections.",
                    count=count,
                )
            ]
        return []

    def _followups_findings(self):
        findings = []
        if not self.env["crm.smb.followup"].search_count(self._period("date"), limit=1):
            findings.append(
                self.env._(
                    "No follow-up logged in this period — follow-up analysis needs salespeople to log their "
                    "calls and visits (Log Follow-up on the customer or lead)."
                )
            )
        if not self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            return findings
        since = fields.Datetime.now() - timedelta(days=30)
        # Who sells: members of a sales team and owners of open leads, not the sales managers
        # (nor service staff who only read their customers).
        sellers = self.env["crm.team.member"].search([]).user_id
        for (owner,) in self.env["crm.lead"]._read_group([("user_id", "!=", False)], ["user_id"]):
            sellers |= owner
        salespeople = self.env["res.users"].search(
            [
                ("id", "in", sellers.ids),
                ("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").ids),
                ("groups_id", "not in", self.env.ref("sales_team.group_sale_manager").ids),
                ("share", "=", False),
                ("company_ids", "in", self.env.company.ids),
            ]
        )
        active = {
            user
            for (user,) in self.env["crm.smb.followup"]._read_group(
                [("date", ">=", since), ("user_id", "in", salespeople.ids)], ["user_id"]
            )
        }
        silent = salespeople.filtered(lambda u: u not in active and u.partner_id.active)
        if not silent:
            return findings
        findings.append(
            self.env._(
                "%(count)s salespeople logged no follow-up in 30 days: %(names)s.",
                count=len(silent),
                names=", ".join(silent.sorted("name").mapped("name")),
            )
        )
        return findings
