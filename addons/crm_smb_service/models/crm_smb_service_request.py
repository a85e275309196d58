from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from .crm_smb_service_sla import PRIORITIES

SLA_STATUS = [("on_track", "On Track"), ("at_risk", "At Risk"), ("breached", "Breached"), ("met", "Met")]
CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
    ("wechat", "WeChat"),
    ("visit", "Visit"),
    ("other", "Other"),
]


class CrmSmbServiceRequest(models.Model):
    _name = "crm.smb.service.request"
    _description = "Service Request"
    _inherit = [
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "rating.mixin",
        "crm.smb.customer.contact.mixin",
    ]
    _order = "priority desc, date_received desc, id desc"
    _rec_names_search = ["number", "name"]
    _check_company_auto = True
    _primary_email = "email_from"

    number = fields.Char(string="Reference", readonly=True, copy=False, index=True, default="/")
    name = fields.Char(string="Subject", required=True, tracking=True)
    email_from = fields.Char(string="Email", help="Where replies go when there is no contact.")
    type_id = fields.Many2one("crm.smb.service.type", tracking=True, index=True)
    is_complaint = fields.Boolean(related="type_id.is_complaint", store=True)
    priority = fields.Selection(PRIORITIES, default="1", required=True, tracking=True, index=True)
    channel = fields.Selection(CHANNELS, default="phone", required=True)
    description = fields.Html(sanitize=True)
    team_id = fields.Many2one(
        "crm.smb.service.team",
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env["crm.smb.service.team"]._default_team(),
    )
    user_id = fields.Many2one(
        "res.users", string="Assigned To", index=True, tracking=True, domain="[('share', '=', False)]"
    )
    stage_id = fields.Many2one(
        "crm.smb.service.stage",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_read_group_stage_ids",
        default=lambda self: self._default_stage(),
        ondelete="restrict",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    tag_ids = fields.Many2many("crm.smb.service.tag", string="Tags")
    lead_id = fields.Many2one(
        "crm.lead", string="Lead/Opportunity", check_company=True, index="btree_not_null"
    )
    date_received = fields.Datetime(string="Received", default=fields.Datetime.now, required=True, index=True)
    date_first_response = fields.Datetime(string="First Response", copy=False, readonly=True)
    date_resolved = fields.Datetime(string="Resolved", copy=False, readonly=True)
    date_closed = fields.Datetime(string="Closed", copy=False, readonly=True)
    resolution = fields.Html(sanitize=True)
    root_cause = fields.Text()
    corrective_action = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    color = fields.Integer()
    return_visit_date = fields.Datetime(string="Return Visit On", tracking=True)
    return_visit_result = fields.Selection(
        [("satisfied", "Satisfied"), ("neutral", "Neutral"), ("dissatisfied", "Dissatisfied")],
        tracking=True,
        help="Result of the phone return visit (回访).",
    )
    return_visit_note = fields.Text()
    similar_request_ids = fields.Many2many(
        "crm.smb.service.request", compute="_compute_similar_request_ids", string="Similar Resolved Requests"
    )

    # SLA
    sla_id = fields.Many2one(
        "crm.smb.service.sla", string="SLA", compute="_compute_sla_id", store=True, precompute=True
    )
    response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, precompute=True, copy=False, index="btree_not_null"
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, precompute=True, copy=False, index="btree_not_null"
    )
    waiting_since = fields.Datetime(
        readonly=True, copy=False, help="Since when the request waits on the customer."
    )
    paused_hours = fields.Float(
        readonly=True, copy=False, help="Working hours spent waiting on the customer; they do not count."
    )
    # Stored for the lists and analyses; besides their dependencies, time moves them (on track,
    # at risk, breached): the escalation job recomputes them for open requests.
    response_status = fields.Selection(
        SLA_STATUS, compute="_compute_sla_status", store=True, precompute=True, copy=False, index=True
    )
    resolution_status = fields.Selection(
        SLA_STATUS, compute="_compute_sla_status", store=True, precompute=True, copy=False, index=True
    )
    sla_state = fields.Selection(
        [("at_risk", "At Risk"), ("breached", "Breached")],
        string="SLA Status",
        compute="_compute_sla_state",
        help="The worse of the response and resolution statuses, when one is at risk or breached.",
    )
    sla_color = fields.Integer(string="SLA Colour", compute="_compute_sla_state")  # the kanban card's bar
    sla_escalated = fields.Boolean(
        string="SLA Escalated", readonly=True, copy=False, help="The breach has been escalated (once)."
    )

    @api.model
    def _default_stage(self):
        return self.env["crm.smb.service.stage"].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([])

    @api.depends(
        "team_id", "type_id", "priority", "partner_id.commercial_partner_id.customer_level_id", "company_id"
    )
    def _compute_sla_id(self):
        slas = self.env["crm.smb.service.sla"].search([])
        for request in self:
            request.sla_id = next(
                (sla for sla in slas if sla._matches(request)), self.env["crm.smb.service.sla"]
            )

    @api.depends("type_id", "partner_id", "name")
    def _compute_similar_request_ids(self):
        """Resolved requests of the same type and customer, or with a similar subject, to reuse."""
        Request = self.env["crm.smb.service.request"]
        for request in self:
            words = [w for w in (request.name or "").split() if len(w) > 2][:5]
            criteria = []
            if request.type_id and request.partner_id:
                criteria.append(
                    ["&", ("type_id", "=", request.type_id.id), ("partner_id", "=", request.partner_id.id)]
                )
            for word in words:
                criteria.append([("name", "ilike", word)])
            if not criteria:
                request.similar_request_ids = Request
                continue
            domain = [
                ("is_closed", "=", True),
                ("resolution", "!=", False),
                ("id", "!=", request._origin.id),
                *(["|"] * (len(criteria) - 1)),
                *[leaf for criterion in criteria for leaf in criterion],
            ]
            request.similar_request_ids = Request.search(domain, limit=5, order="date_resolved desc")

    @api.depends("number", "name")
    def _compute_display_name(self):
        for request in self:
            request.display_name = (
                f"{request.number} {request.name}" if request.number not in (False, "/") else (request.name)
            )

    def _rating_get_parent_field_name(self):
        # Ratings are also the team's: rating.parent.mixin gives its satisfaction.
        return "team_id"

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/service/{request.id}"
        return res

    # -- CRUD ------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["number"] = self._sequence_for(company)._next() or "/"
        requests = super().create(vals_list)
        for request in requests.filtered(lambda r: not r.user_id and r.team_id):
            assignee = request.team_id._pick_assignee()
            if assignee:
                request.user_id = assignee
        for request in requests:
            followers = (request.contact_id or request.partner_id) | request.user_id.partner_id
            request.message_subscribe(partner_ids=followers.ids)
        return requests

    @api.model
    def _sequence_for(self, company):
        """The numbering of `company`'s requests (SR2026-00001...): each company counts its own.
        The first company to number a request takes the shared sequence (and its count); each
        other company starts its own copy."""
        Sequence = self.env["ir.sequence"].sudo()
        code = "crm.smb.service.request"
        sequence = Sequence.search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        if sequence:
            return sequence
        shared = Sequence.search([("code", "=", code), ("company_id", "=", False)], limit=1)
        if shared:
            shared.company_id = company
            return shared
        model = Sequence.search([("code", "=", code)], limit=1)
        return Sequence.create(
            {
                "name": self.env._("%(company)s: Service Requests", company=company.name),
                "code": code,
                "company_id": company.id,
                "prefix": model.prefix or "SR%(year)s-",
                "padding": model.padding or 5,
            }
        )

    def _rating_get_partner(self):
        # The survey goes to the person who wrote in, not to their company.
        return self.contact_id or super()._rating_get_partner()

    def write(self, vals):
        if "stage_id" in vals:
            # What a stage change implies (first response, pause, resolution) differs per request.
            stage = self.env["crm.smb.service.stage"].browse(vals["stage_id"])
            for request in self:
                super(CrmSmbServiceRequest, request).write(
                    {**vals, **request._stage_change_vals(stage, vals)}
                )
            self._after_stage_change()
        else:
            super().write(vals)
        if vals.get("user_id"):
            self.message_subscribe(partner_ids=self.env["res.users"].browse(vals["user_id"]).partner_id.ids)
        return True

    def action_log_followup(self):
        """A return visit (回访) logged as a follow-up of the customer."""
        self.ensure_one()
        return (
            self.env["crm.smb.followup"]
            .with_context(
                default_partner_id=self.partner_id.id,
                default_contact_id=self.contact_id.id,
                default_summary=self.env._("Return visit: %(request)s", request=self.display_name),
            )
            .action_log_followup()
        )

    # -- email intake ------------------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to a team's alias: a request for the sender's customer (a new contact if unknown)."""
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        sender = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        if not sender and email_from:
            sender = self._partner_from_email(email_from)
        values.setdefault("name", msg_dict.get("subject") or self.env._("Request by email"))
        values.setdefault("channel", "email")
        values["email_from"] = email_from
        if sender:
            values["partner_id"] = sender.commercial_partner_id.id
            if sender != sender.commercial_partner_id:
                values["contact_id"] = sender.id
        if msg_dict.get("body"):
            values.setdefault("description", msg_dict["body"])
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _partner_from_email(self, email_from):
        """The known partner with this email, or a new contact for an unknown sender."""
        name, email = tools.parse_contact_from_email(email_from)
        if not email:
            return self.env["res.partner"]
        Partner = self.env["res.partner"].sudo()
        partner = Partner.search([("email_normalized", "=", email)], limit=1)
        return partner or Partner.create({"name": name or email, "email": email})

    # -- stages, pause and resume ----------------------------------------------------------------
    def _stage_change_vals(self, stage, vals):
        """What moving this request to `stage` adds to `vals` (the values being written)."""
        self.ensure_one()
        now = fields.Datetime.now()
        old = self.stage_id
        is_complaint = (
            self.env["crm.smb.service.type"].browse(vals["type_id"]).is_complaint
            if "type_id" in vals
            else self.is_complaint
        )
        root_cause = vals.get("root_cause", self.root_cause)
        corrective_action = vals.get("corrective_action", self.corrective_action)
        if stage.is_closed and is_complaint and not (root_cause and corrective_action):
            raise UserError(
                self.env._(
                    "The complaint “%(name)s” cannot be closed without its root cause and corrective action.",
                    name=self.display_name,
                )
            )
        extra = {}
        if old.is_waiting and not stage.is_waiting and self.waiting_since:
            extra["paused_hours"] = self.paused_hours + self._working_hours(self.waiting_since, now)
            extra["waiting_since"] = False
        if stage.is_waiting and not old.is_waiting:
            extra["waiting_since"] = now
        if not self.date_first_response and old != stage and old == self._default_stage():
            extra["date_first_response"] = now
        if stage.is_closed and not self.date_resolved:
            extra.update(date_resolved=now, date_closed=now)
        elif not stage.is_closed and self.is_closed:
            extra.update(date_resolved=False, date_closed=False)
        return extra

    def _after_stage_change(self):
        for request in self:
            stage = request.stage_id
            if stage.template_id:
                request.message_post_with_source(stage.template_id, subtype_xmlid="mail.mt_comment")
            if stage.rating_request and (request.contact_id or request.partner_id):
                template = self.env.ref(
                    "crm_smb_service.mail_template_rating_request", raise_if_not_found=False
                )
                if template:
                    request.rating_send_request(template, force_send=False)

    def _message_post_after_hook(self, message, msg_vals):
        # The first public reply of an employee is the first response.
        if (
            not self.date_first_response
            and msg_vals.get("message_type") == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and not self.env.user.share
            and not self.env.su
        ):
            self.sudo().date_first_response = fields.Datetime.now()
        return super()._message_post_after_hook(message, msg_vals)

    # -- SLA ------------------------------------------------------------------------------------
    def _calendar(self):
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    def _working_hours(self, start, end):
        calendar = self._calendar()
        if not calendar or end <= start:
            return max((end - start).total_seconds() / 3600, 0.0)
        return calendar.get_work_hours_count(start, end, compute_leaves=True)

    def _plan(self, hours):
        """The moment `hours` working hours after reception, plus the paused time."""
        self.ensure_one()
        if not hours:
            return False
        calendar = self._calendar()
        total = hours + self.paused_hours
        if not calendar:
            return self.date_received + timedelta(hours=total)
        return calendar.plan_hours(total, self.date_received, compute_leaves=True)

    @api.depends(
        "sla_id.response_hours",
        "sla_id.resolution_hours",
        "date_received",
        "paused_hours",
        "team_id.resource_calendar_id",
        "company_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        for request in self:
            sla = request.sla_id
            request.response_deadline = request._plan(sla.response_hours) if sla else False
            request.resolution_deadline = request._plan(sla.resolution_hours) if sla else False

    @api.model
    def _at_risk_share(self):
        return float(self.env["ir.config_parameter"].sudo().get_param("crm_smb_service.at_risk_share", 0.25))

    def _sla_status_of(self, deadline, done_at, target_hours, now):
        if not deadline:
            return False
        if done_at:
            return "met" if done_at <= deadline else "breached"
        if self.waiting_since:
            # The clock stopped when the request began waiting on the customer: the time since
            # does not count, however long they take (the deadline moves when it resumes).
            now = min(now, self.waiting_since)
        if now >= deadline:
            return "breached"
        left = self._working_hours(now, deadline)
        return "at_risk" if left <= self._at_risk_share() * target_hours else "on_track"

    @api.depends(
        "response_deadline", "resolution_deadline", "date_first_response", "date_resolved", "waiting_since"
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for request in self:
            sla = request.sla_id
            request.response_status = request._sla_status_of(
                request.response_deadline, request.date_first_response, sla.response_hours, now
            )
            request.resolution_status = request._sla_status_of(
                request.resolution_deadline, request.date_resolved, sla.resolution_hours, now
            )

    @api.depends("response_status", "resolution_status")
    def _compute_sla_state(self):
        for request in self:
            statuses = {request.response_status, request.resolution_status}
            state = "breached" if "breached" in statuses else "at_risk" if "at_risk" in statuses else False
            request.sla_state = state
            request.sla_color = {"breached": 1, "at_risk": 2}.get(state, 0)  # Odoo's red, orange

    @api.model
    def _cron_sla_escalation(self):
        """Mark at-risk and breached requests; escalate each breach once."""
        open_requests = self.search([("is_closed", "=", False), ("sla_id", "!=", False)])
        status_fields = [self._fields["response_status"], self._fields["resolution_status"]]
        for field in status_fields:  # time has moved: what was on track may be at risk now
            self.env.add_to_compute(field, open_requests)
        open_requests._recompute_recordset([field.name for field in status_fields])
        breached = open_requests.filtered(
            lambda r: not r.sla_escalated and "breached" in (r.response_status, r.resolution_status)
        )
        for request in breached:
            next_priority = str(min(int(request.priority) + 1, 3))
            request.sudo().write({"priority": next_priority, "sla_escalated": True})
            # Written in the language of who reads it: the leader's to-do in the leader's, the
            # note in the assignee's (else the leader's, else the company's).
            leader = request.team_id.leader_id
            if leader:
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=request.with_context(lang=leader.lang).env._(
                        "SLA breached: %(name)s", name=request.display_name
                    ),
                    user_id=leader.id,
                )
            reader_lang = (request.user_id or leader).lang or request.company_id.partner_id.lang
            in_lang = request.with_context(lang=reader_lang)
            request.message_post(
                body=in_lang.env._(
                    "The SLA “%(sla)s” is breached: priority raised, team leader notified.",
                    sla=in_lang.sla_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return breached
