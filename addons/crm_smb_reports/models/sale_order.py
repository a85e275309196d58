from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # What the approval tiers (res.company._crm_smb_sync_approval_rules) test and who they ask.
    crm_smb_amount_company = fields.Monetary(
        string="Total in Company Currency",
        compute="_compute_crm_smb_amount_company",
        currency_field="crm_smb_company_currency_id",
    )
    crm_smb_company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    crm_smb_max_discount = fields.Float(
        string="Largest Discount (%)", compute="_compute_crm_smb_max_discount"
    )
    crm_smb_leader_approver_ids = fields.Many2many(
        "res.users",
        string="Team Leader Approver",
        compute="_compute_crm_smb_approvers",
        help="The salesperson's team leader; the sales managers when the team has no other leader.",
    )
    crm_smb_manager_approver_ids = fields.Many2many(
        "res.users", string="Sales Manager Approvers", compute="_compute_crm_smb_approvers"
    )
    crm_smb_collection_plan_ids = fields.One2many(
        "crm.smb.collection.plan", "order_id", string="Collection Plan"
    )
    crm_smb_collection_planned = fields.Monetary(
        string="Planned Collections", compute="_compute_crm_smb_collection_planned"
    )

    @api.depends("amount_total", "currency_id", "company_id", "date_order")
    def _compute_crm_smb_amount_company(self):
        for order in self:
            order.crm_smb_amount_company = (
                order.currency_id._convert(
                    order.amount_total,
                    order.company_id.currency_id,
                    order.company_id,
                    order.date_order or fields.Date.context_today(order),
                )
                if order.currency_id and order.company_id
                else order.amount_total
            )

    @api.depends("crm_smb_collection_plan_ids.amount", "crm_smb_collection_plan_ids.cancelled")
    def _compute_crm_smb_collection_planned(self):
        for order in self:
            order.crm_smb_collection_planned = sum(
                order.crm_smb_collection_plan_ids.filtered(lambda plan: not plan.cancelled).mapped("amount")
            )

    @api.depends("order_line.discount")
    def _compute_crm_smb_max_discount(self):
        for order in self:
            order.crm_smb_max_discount = max(order.order_line.mapped("discount") or [0.0])

    @api.depends("team_id.user_id", "user_id", "company_id")
    def _compute_crm_smb_approvers(self):
        manager_group = self.env.ref("sales_team.group_sale_manager")
        for order in self:
            managers = (
                manager_group.sudo().users.filtered(
                    lambda user, order=order: order.company_id in user.company_ids and not user.share
                )
                - order.user_id
            )
            leader = order.team_id.sudo().user_id
            order.crm_smb_manager_approver_ids = managers
            order.crm_smb_leader_approver_ids = leader if leader and leader != order.user_id else managers

    # ------------------------------------------------------------------
    # Nothing leaves before it is approved, nor without product costs
    # ------------------------------------------------------------------
    def _crm_smb_check_can_send(self):
        for order in self:
            if order.need_validation:
                raise UserError(
                    _(
                        "Quotation %(order)s needs approval before it is sent: "
                        "click \u201cRequest Validation\u201d.",
                        order=order.name,
                    )
                )
            if order.review_ids and order.validation_status != "validated":
                raise UserError(
                    _(
                        "Quotation %(order)s is waiting for approval; it can be sent once approved.",
                        order=order.name,
                    )
                )
            missing_cost = order._crm_smb_missing_cost_message()
            if missing_cost:
                raise UserError(missing_cost)

    def _crm_smb_missing_cost_message(self):
        """Why the order cannot be quoted: products without cost, when the company requires it."""
        self.ensure_one()
        if not self.company_id.crm_smb_quote_requires_cost:
            return False
        products = (
            self.order_line.filtered(
                lambda line: not line.display_type and not line.is_downpayment and line.product_id
            )
            .product_id.sudo()
            .with_company(self.company_id)
            .filtered(lambda product: not product.standard_price)
        )
        if not products:
            return False
        return _(
            "The internal cost of %(products)s is not set: the quotation cannot be sent "
            "or confirmed until it is costed.",
            products=", ".join(products.mapped("display_name")),
        )

    def action_quotation_send(self):
        self.filtered(lambda order: order.state == "draft")._crm_smb_check_can_send()
        return super().action_quotation_send()

    def write(self, vals):
        if vals.get("state") == "sent":
            self.filtered(lambda order: order.state == "draft")._crm_smb_check_can_send()
        return super().write(vals)

    def _compute_next_review(self):
        # OCA's "Next: …" stays English in Chinese; the same words, ours
        for order in self:
            review = order.review_ids.sorted("sequence").filtered(lambda r: r.status == "pending")[:1]
            order.next_review = review and _(
                "Next: %(step)s (%(approvers)s)",
                step=review.name or "",
                approvers=", ".join(review.reviewer_ids.mapped("name")),
            )

    def _check_tier_state_transition(self, vals):
        # An approved quotation may be sent: draft → sent changes nothing that was approved
        # (OCA's check would refuse any state write while the order has reviews).
        if set(vals) == {"state"} and vals["state"] == "sent" and self.validation_status == "validated":
            return False
        return super()._check_tier_state_transition(vals)

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if not error and self.need_validation:
            # said before OCA's own refusal, which its Chinese translation leaves in English
            error = _(
                "Quotation %(order)s needs approval before it is confirmed: click “Request Validation”.",
                order=self.name,
            )
        if not error and self.review_ids and self.validation_status != "validated":
            error = _(
                "Quotation %(order)s is waiting for approval; it can be confirmed once approved.",
                order=self.name,
            )
        return error or self._crm_smb_missing_cost_message()

    # ------------------------------------------------------------------
    # The approver's to-do, done when they approve or reject
    # ------------------------------------------------------------------
    def _crm_smb_approval_activity_type(self):
        return self.env.ref("crm_smb_reports.mail_activity_type_order_approval")

    def _crm_smb_current_reviewers(self):
        """Who is to approve now: the reviewers of the first open tier (tiers go in sequence)."""
        self.ensure_one()
        open_reviews = self.review_ids.filtered(lambda review: review.status in ("waiting", "pending"))
        if not open_reviews:
            return self.env["res.users"]
        first = min(open_reviews.mapped("sequence"))
        return open_reviews.filtered(
            lambda review: review.sequence == first or not review.approve_sequence
        ).reviewer_ids

    def _crm_smb_sync_approval_activities(self, feedback):
        """One to-do per approver whose turn it is; the others' are marked done with `feedback`."""
        activity_type = self._crm_smb_approval_activity_type()
        for order in self.sudo():
            current = order._crm_smb_current_reviewers()
            activities = order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            planned = activities.user_id
            activities.filtered(lambda a, current=current: a.user_id not in current).action_feedback(
                feedback=feedback
            )
            for user in current - planned:
                order.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=user.id,
                    summary=_("Approve %(order)s", order=order.name),
                )

    def _notify_review_requested(self, tier_reviews):
        res = super()._notify_review_requested(tier_reviews)
        for order in self.sudo():
            reviews = tier_reviews.filtered(lambda review, order=order: review.res_id == order.id)
            if reviews and not any(reviews.definition_id.mapped("notify_on_create")):
                # OCA's own note is English in Chinese; ours names who asks whom
                order.message_subscribe(partner_ids=reviews.reviewer_ids.partner_id.ids)
                order.message_post(
                    body=_(
                        "%(user)s asked %(approvers)s to approve this quotation.",
                        user=self.env.user.name,
                        approvers=", ".join(order._crm_smb_current_reviewers().mapped("name")),
                    ),
                    subtype_xmlid=self._get_requested_notification_subtype(),
                )
        self._crm_smb_sync_approval_activities(feedback=False)
        return res

    def _validate_tier(self, tiers=False):
        before = {review.id: review.status for review in self.review_ids}
        res = super()._validate_tier(tiers)
        self._crm_smb_log_decisions(before, "approved")
        self._crm_smb_sync_approval_activities(feedback=_("Approved"))
        return res

    def _rejected_tier(self, tiers=False):
        before = {review.id: review.status for review in self.review_ids}
        res = super()._rejected_tier(tiers)
        self._crm_smb_log_decisions(before, "rejected")
        self._crm_smb_sync_approval_activities(feedback=_("Rejected"))
        return res

    def _crm_smb_log_decisions(self, before, status):
        """One note per decision, with its reason, to the order's followers (the salesperson)."""
        self.ensure_one()
        subtype = (
            self._get_accepted_notification_subtype()
            if status == "approved"
            else self._get_rejected_notification_subtype()
        )
        for review in self.review_ids.filtered(lambda r: r.status == status and before.get(r.id) != status):
            values = {"user": review.done_by.name or self.env.user.name, "step": review.name}
            if status == "approved":
                body = _("%(user)s approved “%(step)s”.", **values)
                if review.comment:
                    body = _("%(user)s approved “%(step)s”: %(reason)s", **values, reason=review.comment)
            else:
                body = _("%(user)s rejected “%(step)s”.", **values)
                if review.comment:
                    body = _("%(user)s rejected “%(step)s”: %(reason)s", **values, reason=review.comment)
            self.sudo().message_post(body=body, subtype_xmlid=subtype)

    def restart_validation(self):
        res = super().restart_validation()
        activity_type = self._crm_smb_approval_activity_type()
        self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type).unlink()
        return res

    # ------------------------------------------------------------------
    # Collection plan (回款计划)
    # ------------------------------------------------------------------
    def _crm_smb_money_collected(self):
        """Money received for the order's posted invoices, less refunds paid back: in the order's
        currency and in the company's. A credit note applied to an invoice moves no money."""
        self.ensure_one()
        collected = collected_company = 0.0
        moves = self.sudo().order_line.invoice_lines.move_id.filtered(
            lambda move: move.state == "posted" and move.move_type in ("out_invoice", "out_refund")
        )
        for move in moves:
            receivable = move.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            if move.move_type == "out_invoice":
                partials, sign = receivable.matched_credit_ids, 1
            else:
                partials, sign = receivable.matched_debit_ids, -1
            for partial in partials:
                counterpart = partial.credit_move_id if sign > 0 else partial.debit_move_id
                if counterpart.move_id.move_type in ("out_invoice", "out_refund"):
                    continue
                amount = partial.debit_amount_currency if sign > 0 else partial.credit_amount_currency
                if move.currency_id != self.currency_id:
                    amount = move.currency_id._convert(
                        amount, self.currency_id, self.company_id, partial.max_date
                    )
                collected += sign * amount
                collected_company += sign * partial.amount
        return self.currency_id.round(collected), self.company_id.currency_id.round(collected_company)

    def action_crm_smb_plan_collections(self):
        """Plan the collections from the order's payment terms (one instalment per due date), or
        one instalment for the whole order when it has none."""
        for order in self:
            if order.state != "sale":
                raise UserError(
                    _("Collections are planned for confirmed orders; %(order)s is not.", order=order.name)
                )
            if order.crm_smb_collection_plan_ids.filtered(lambda plan: not plan.cancelled):
                raise UserError(
                    _(
                        "%(order)s already has a collection plan: change its instalments instead.",
                        order=order.name,
                    )
                )
            date_ref = fields.Date.context_today(order, order.date_order)
            if order.payment_term_id:
                rate_date = order.date_order or fields.Datetime.now()
                company_currency = order.company_id.currency_id
                terms = order.payment_term_id._compute_terms(
                    date_ref=date_ref,
                    currency=order.currency_id,
                    company=order.company_id,
                    tax_amount=order.currency_id._convert(
                        order.amount_tax, company_currency, order.company_id, rate_date
                    ),
                    tax_amount_currency=order.amount_tax,
                    sign=1,
                    untaxed_amount=order.currency_id._convert(
                        order.amount_untaxed, company_currency, order.company_id, rate_date
                    ),
                    untaxed_amount_currency=order.amount_untaxed,
                )
                dates_amounts = [(line["date"], line["foreign_amount"]) for line in terms["line_ids"]]
            else:
                dates_amounts = [(date_ref, order.amount_total)]
            self.env["crm.smb.collection.plan"].create(
                [
                    {"order_id": order.id, "instalment": number, "date_planned": date, "amount": amount}
                    for number, (date, amount) in enumerate(dates_amounts, start=1)
                    if not order.currency_id.is_zero(amount)
                ]
            )
        return True
