from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

PAYMENT_METHODS = [
    ("transfer", "Bank Transfer"),
    ("bill", "Bank Acceptance Bill"),
    ("cheque", "Cheque"),
    ("cash", "Cash"),
    ("online", "Online Payment"),
    ("other", "Other"),
]
STATES = [
    ("pending", "To Collect"),
    ("partial", "Partly Collected"),
    ("paid", "Collected"),
    ("overdue", "Overdue"),
    ("cancelled", "Cancelled"),
]
# What people type on an instalment; every other field is computed from the order, its
# invoices and payments, or written by the daily job.
USER_FIELDS = frozenset(
    ("order_id", "instalment", "date_planned", "amount", "payment_method", "reminder_days", "note")
)


class CrmSmbCollectionPlan(models.Model):
    """An instalment of a confirmed order's collection plan (回款计划).

    What was collected is never typed: it is the money received for the order's posted
    invoices (reconciled payments, less refunds paid back; a credit note applied to an invoice
    is not money), allocated to the instalments in date order.
    """

    _name = "crm.smb.collection.plan"
    _description = "Collection Plan Instalment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_planned, order_id, instalment, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        domain="[('state', '=', 'sale')]",
    )
    instalment = fields.Integer(required=True, default=1, tracking=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer", store=True, index=True)
    user_id = fields.Many2one(related="order_id.user_id", string="Salesperson", store=True, index=True)
    team_id = fields.Many2one(related="order_id.team_id", string="Sales Team", store=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    date_planned = fields.Date(string="Planned Date", required=True, tracking=True, index=True)
    amount = fields.Monetary(string="Planned Amount", required=True, tracking=True)
    payment_method = fields.Selection(PAYMENT_METHODS, default="transfer", required=True)
    reminder_days = fields.Integer(
        string="Remind Days Before",
        default=lambda self: self.env.company.crm_smb_collection_reminder_days,
        help="The salesperson gets a to-do this many days before the planned date.",
    )
    note = fields.Text()
    cancelled = fields.Boolean(readonly=True, copy=False, tracking=True)
    amount_collected = fields.Monetary(
        string="Collected", compute="_compute_collected", store=True, readonly=True
    )
    amount_outstanding = fields.Monetary(
        string="Outstanding", compute="_compute_collected", store=True, readonly=True
    )
    amount_company = fields.Monetary(
        string="Planned (Company Currency)",
        compute="_compute_collected",
        store=True,
        readonly=True,
        currency_field="company_currency_id",
    )
    amount_collected_company = fields.Monetary(
        string="Collected (Company Currency)",
        compute="_compute_collected",
        store=True,
        readonly=True,
        currency_field="company_currency_id",
    )
    state = fields.Selection(
        STATES,
        string="Status",
        compute="_compute_state",
        store=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    # the kanban card's bar: red when overdue
    color = fields.Integer(string="Colour", compute="_compute_color")
    date_reminder = fields.Date(compute="_compute_date_reminder", store=True, index=True)
    notified_state = fields.Selection(
        [("due", "Reminded"), ("overdue", "Overdue Notified")],
        readonly=True,
        copy=False,
        help="The last state the daily job planned a to-do for: one to-do per state, never repeated.",
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "An instalment's planned amount must be positive."),
    ]

    @api.depends("order_id.name", "instalment")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = _(
                "%(order)s · Instalment %(number)s", order=plan.order_id.name or "", number=plan.instalment
            )

    @api.depends("state")
    def _compute_color(self):
        for plan in self:
            plan.color = 1 if plan.state == "overdue" else 0

    @api.depends("date_planned", "reminder_days")
    def _compute_date_reminder(self):
        for plan in self:
            plan.date_reminder = plan.date_planned and plan.date_planned - timedelta(
                days=max(plan.reminder_days, 0)
            )

    @api.depends(
        "amount",
        "date_planned",
        "instalment",
        "cancelled",
        "order_id.date_order",
        "order_id.currency_id",
        "order_id.crm_smb_collection_plan_ids.amount",
        "order_id.crm_smb_collection_plan_ids.date_planned",
        "order_id.crm_smb_collection_plan_ids.cancelled",
        "order_id.order_line.invoice_lines.move_id.state",
        "order_id.order_line.invoice_lines.move_id.amount_residual",
    )
    def _compute_collected(self):
        for order, plans in self.grouped("order_id").items():
            if not order:
                plans.update({"amount_collected": 0.0, "amount_outstanding": 0.0})
                plans.update({"amount_company": 0.0, "amount_collected_company": 0.0})
                continue
            collected, collected_company = order._crm_smb_money_collected()
            ratio = collected_company / collected if collected else 0.0
            left = max(collected, 0.0)
            siblings = order.crm_smb_collection_plan_ids.filtered(lambda p: not p.cancelled)
            allocated = {}
            for sibling in siblings.sorted(
                lambda p: (p.date_planned or fields.Date.today(), p.instalment, p.id or 0)
            ):
                share = min(sibling.amount, left)
                allocated[sibling.id] = share
                left -= share
            date = order.date_order or fields.Datetime.now()
            for plan in plans:
                share = 0.0 if plan.cancelled else allocated.get(plan.id, 0.0)
                plan.amount_collected = share
                plan.amount_outstanding = 0.0 if plan.cancelled else plan.amount - share
                plan.amount_company = order.currency_id._convert(
                    plan.amount, order.company_id.currency_id, order.company_id, date
                )
                plan.amount_collected_company = order.company_id.currency_id.round(share * ratio)

    @api.depends("amount_outstanding", "amount_collected", "date_planned", "cancelled", "order_id.state")
    def _compute_state(self):
        for plan in self:
            today = fields.Date.context_today(plan)
            if plan.cancelled or plan.order_id.state == "cancel":
                plan.state = "cancelled"
            elif plan.currency_id and plan.currency_id.compare_amounts(plan.amount_outstanding, 0.0) <= 0:
                plan.state = "paid"
            elif plan.date_planned and plan.date_planned < today:
                plan.state = "overdue"
            elif plan.amount_collected:
                plan.state = "partial"
            else:
                plan.state = "pending"

    # ------------------------------------------------------------------
    # What may be typed, and what holds
    # ------------------------------------------------------------------
    def _check_user_fields(self, vals):
        if self.env.is_superuser():
            return
        computed = set(vals) - USER_FIELDS
        if computed:
            raise AccessError(
                _(
                    "These fields of a collection plan are computed, not typed: %(fields)s",
                    fields=", ".join(sorted(computed)),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_user_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_user_fields(vals)
        if "order_id" in vals and any(plan.order_id.id != vals["order_id"] for plan in self):
            raise UserError(_("An instalment stays on its order; cancel it and plan on the other order."))
        return super().write(vals)

    @api.constrains("order_id", "amount", "cancelled")
    def _check_total(self):
        for order in self.order_id:
            if order.state != "sale":
                raise ValidationError(
                    _("Collections are planned for confirmed orders; %(order)s is not.", order=order.name)
                )
            planned = sum(
                order.crm_smb_collection_plan_ids.filtered(lambda p: not p.cancelled).mapped("amount")
            )
            if order.currency_id.compare_amounts(planned, order.amount_total) > 0:
                raise ValidationError(
                    _(
                        "The instalments of %(order)s add up to %(planned)s, more than the order's "
                        "total of %(total)s.",
                        order=order.name,
                        planned=order.currency_id.format(planned),
                        total=order.currency_id.format(order.amount_total),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_collected(self):
        collected = self.filtered("amount_collected")
        if collected:
            raise UserError(
                _(
                    "%(instalment)s already has collections (%(amount)s): it cannot be deleted; "
                    "cancel it instead.",
                    instalment=collected[0].display_name,
                    amount=collected[0].currency_id.format(collected[0].amount_collected),
                )
            )

    def action_cancel(self):
        # `cancelled` is set by these buttons only: checked as the user, written as the system
        self.check_access("write")
        self.sudo().write({"cancelled": True})

    def action_restore(self):
        self.check_access("write")
        self.sudo().write({"cancelled": False})

    # ------------------------------------------------------------------
    # The daily job: overdue instalments, and the salesperson's to-dos
    # ------------------------------------------------------------------
    @api.model
    def _cron_collection_reminders(self, batch_size=1000):
        """Mark instalments overdue and plan one to-do per instalment and state: N days before
        it is due, and once when it becomes overdue. Never the same to-do twice."""
        today = fields.Date.context_today(self)
        state_field = self._fields["state"]
        while True:
            late = self.search(
                [("state", "in", ("pending", "partial")), ("date_planned", "<", today)], limit=batch_size
            )
            if not late:
                break
            self.env.add_to_compute(state_field, late)
            late.flush_recordset(["state"])
        activity_type = self.env.ref("crm_smb_reports.mail_activity_type_collection")
        for notified, domain, summary in (
            (
                "due",
                [
                    ("state", "in", ("pending", "partial")),
                    ("date_reminder", "<=", today),
                    ("notified_state", "=", False),
                ],
                "due",
            ),
            ("overdue", [("state", "=", "overdue"), ("notified_state", "!=", "overdue")], "overdue"),
        ):
            while True:
                plans = self.search(domain, limit=batch_size)
                if not plans:
                    break
                plans._plan_collection_todos(activity_type, summary)
                plans.sudo().write({"notified_state": notified})

    def _plan_collection_todos(self, activity_type, kind):
        values = []
        model_id = self.env["ir.model"]._get_id(self._name)
        for plan in self.filtered("user_id"):
            lang_plan = plan.with_context(lang=plan.user_id.lang)
            amount = plan.currency_id.format(plan.amount_outstanding)
            if kind == "due":
                summary = lang_plan.env._(
                    "Collect %(amount)s from %(customer)s by %(date)s",
                    amount=amount,
                    customer=plan.partner_id.display_name,
                    date=format_date(lang_plan.env, plan.date_planned),
                )
                deadline = plan.date_planned
            else:
                summary = lang_plan.env._(
                    "Overdue: %(amount)s from %(customer)s was due on %(date)s",
                    amount=amount,
                    customer=plan.partner_id.display_name,
                    date=format_date(lang_plan.env, plan.date_planned),
                )
                deadline = fields.Date.context_today(plan.with_user(plan.user_id))
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": plan.id,
                    "activity_type_id": activity_type.id,
                    "user_id": plan.user_id.id,
                    "summary": summary,
                    "date_deadline": deadline,
                }
            )
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(values)
