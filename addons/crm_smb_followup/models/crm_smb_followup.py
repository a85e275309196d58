import math
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .crm_smb_pool_mixin import refuse_computed_writes

# Clocks of the browser and the server may differ a little: "now" in a form is not the future.
CLOCK_SKEW = timedelta(minutes=5)
EARTH_RADIUS_M = 6371008.8
# The check-in of a visit (拜访签到) is the suite's: the position the browser gives, the time, the
# distance. Users write none of it (the photo only, before checking in).
CHECKIN_FIELDS = {
    "checkin_latitude",
    "checkin_longitude",
    "checkin_accuracy",
    "checkin_date",
    "checkin_distance",
    "checkin_flagged",
    "checkin_located",
}


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in meters (haversine), no map service needed."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


ATTITUDES = [
    ("very_interested", "Very interested"),
    ("interested", "Interested"),
    ("neutral", "Neutral"),
    ("hesitant", "Hesitant"),
    ("refused", "Refused"),
]


class CrmSmbFollowup(models.Model):
    _name = "crm.smb.followup"
    _description = "Follow-up"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.smb.customer.contact.mixin",
        "crm.smb.xlsx.export.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _xlsx_fields = (
        "date",
        "partner_id",
        "lead_id",
        "user_id",
        "channel_id",
        "attitude",
        "summary",
        "stage_before_id",
        "stage_after_id",
        "next_contact_date",
        # where visits were checked in: the map data, for any map tool
        "checkin_date",
        "checkin_latitude",
        "checkin_longitude",
        "checkin_accuracy",
        "checkin_distance",
        "checkin_flagged",
    )

    # The customer and contact person of crm.smb.customer.contact.mixin, filled from the lead.
    partner_id = fields.Many2one(
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('parent_id', '=', False)]",
        help="The customer (company or individual) this follow-up is about.",
    )
    contact_id = fields.Many2one(
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The person you spoke to.",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead/Opportunity",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        ondelete="set null",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now, tracking=True)
    channel_id = fields.Many2one(
        "crm.smb.followup.channel",
        required=True,
        default=lambda self: self.env["crm.smb.followup.channel"].search([], limit=1),
        tracking=True,
    )
    channel_icon = fields.Char(related="channel_id.icon")
    summary = fields.Char(required=True, tracking=True)
    content = fields.Html(sanitize=True, sanitize_overridable=False)
    attitude = fields.Selection(ATTITUDES, string="Customer Attitude", tracking=True)
    stage_before_id = fields.Many2one(
        "crm.smb.followup.stage",
        compute="_compute_stage_before_id",
        store=True,
        precompute=True,
        readonly=True,
        help="The customer's follow-up stage when this follow-up was logged.",
    )
    stage_after_id = fields.Many2one(
        "crm.smb.followup.stage",
        compute="_compute_stage_after_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        help="Setting it moves the customer to this follow-up stage.",
    )
    next_contact_date = fields.Date(
        index="btree_not_null",
        tracking=True,
        help="Saving plans a follow-up activity for the salesperson on this date.",
    )
    next_action = fields.Char(help="What to do at the next contact.")
    next_activity_id = fields.Many2one(
        "mail.activity",
        string="Next Contact Activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )
    next_contact_open = fields.Boolean(
        compute="_compute_next_contact_open",
        search="_search_next_contact_open",
        help="The next contact planned by this follow-up is still to be done.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_smb_followup_ir_attachment_rel",
        "followup_id",
        "attachment_id",
        string="Attachments",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    editable_until = fields.Datetime(
        compute="_compute_editable_until",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
        help="End of the day the follow-up was logged (in the salesperson's time zone): "
        "salespeople may correct their follow-ups until then.",
    )
    # Visit check-in (拜访签到), from the phone's browser
    is_visit = fields.Boolean(related="channel_id.is_visit", string="Is a Visit")
    checkin_date = fields.Datetime(string="Checked in", readonly=True, copy=False)
    # positions and distances are not summed (no total in lists and exports)
    checkin_latitude = fields.Float(
        string="Check-in Latitude", digits=(10, 7), readonly=True, copy=False, aggregator=None
    )
    checkin_longitude = fields.Float(
        string="Check-in Longitude", digits=(10, 7), readonly=True, copy=False, aggregator=None
    )
    checkin_accuracy = fields.Float(
        string="Accuracy (m)",
        digits=(10, 0),
        readonly=True,
        copy=False,
        aggregator="avg",
        help="As the browser gives it.",
    )
    checkin_distance = fields.Float(
        string="Distance (m)",
        digits=(10, 0),
        readonly=True,
        copy=False,
        aggregator="avg",
        help="From the customer's geolocated address, when the customer has coordinates.",
    )
    checkin_flagged = fields.Boolean(
        string="Far from the Customer",
        readonly=True,
        copy=False,
        help="Checked in farther from the customer's address than the radius set in the settings.",
    )
    checkin_located = fields.Boolean(
        string="Distance Known", readonly=True, copy=False, help="The customer's address had coordinates."
    )
    checkin_photo = fields.Image(string="Check-in Photo", max_width=1600, max_height=1600, copy=False)

    # Not stored: it depends on the clock. Record rules use its search method,
    # which runs at query time (a rule domain holding a timestamp would be cached).
    editable_today = fields.Boolean(compute="_compute_editable_today", search="_search_editable_today")

    @api.depends("lead_id")
    def _compute_partner_id(self):
        for followup in self:
            if followup.lead_id.partner_id:
                followup.partner_id = followup.lead_id.partner_id.commercial_partner_id

    @api.depends("partner_id", "lead_id")
    def _compute_contact_id(self):
        for followup in self:
            lead_contact = followup.lead_id.partner_id
            if lead_contact and lead_contact != lead_contact.commercial_partner_id:
                followup.contact_id = lead_contact
            elif followup.contact_id and followup.contact_id.commercial_partner_id != followup.partner_id:
                followup.contact_id = False
            if not followup.contact_id and followup.partner_id.is_company:
                # The customer's only contact person is the one spoken to.
                people = followup.partner_id.child_ids.filtered(lambda c: c.type == "contact")
                if len(people) == 1:
                    followup.contact_id = people

    @api.depends("partner_id")
    def _compute_stage_before_id(self):
        for followup in self:
            followup.stage_before_id = followup.partner_id.followup_stage_id

    @api.depends("partner_id")
    def _compute_stage_after_id(self):
        for followup in self:
            if not followup.stage_after_id:
                followup.stage_after_id = followup.partner_id.followup_stage_id

    @api.depends("next_activity_id")
    def _compute_next_contact_open(self):
        for followup in self:
            followup.next_contact_open = bool(followup.next_activity_id)

    def _search_next_contact_open(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError
        wanted = value if operator == "=" else not value
        return [("next_activity_id", "!=" if wanted else "=", False)]

    @api.depends("date", "user_id")
    def _compute_editable_until(self):
        for followup in self:
            if followup.editable_until or not followup.date:
                continue
            tz = pytz.timezone(followup.user_id.tz or self.env.user.tz or "UTC")
            local_day = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
            day_end = tz.localize(datetime.combine(local_day + timedelta(days=1), time.min))
            followup.editable_until = day_end.astimezone(pytz.utc).replace(tzinfo=None)

    def _compute_editable_today(self):
        now = fields.Datetime.now()
        for followup in self:
            followup.editable_today = bool(followup.editable_until and followup.editable_until > now)

    def _search_editable_today(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError
        now = fields.Datetime.now()
        if (operator == "=") == value:
            return [("editable_until", ">", now)]
        return ["|", ("editable_until", "=", False), ("editable_until", "<=", now)]

    @api.constrains("partner_id", "lead_id")
    def _check_partner_or_lead(self):
        for followup in self:
            if not followup.partner_id and not followup.lead_id:
                raise ValidationError(self.env._("A follow-up needs a customer or a lead."))
            if followup.partner_id.parent_id:
                raise ValidationError(
                    self.env._(
                        "Log the follow-up on the customer “%(customer)s”, "
                        "with “%(person)s” as contact person.",
                        customer=followup.partner_id.commercial_partner_id.display_name,
                        person=followup.partner_id.name,
                    )
                )

    def _check_user_vals(self, vals):
        """What a salesperson may not forge: the author, a date to come, what the suite computes."""
        if self.env.su:
            return
        refuse_computed_writes(self, vals)
        if CHECKIN_FIELDS & set(vals):
            raise UserError(
                self.env._("A visit is checked in with the Check In button, from where it takes place.")
            )
        if "checkin_photo" in vals and any(followup.checkin_date for followup in self.sudo()):
            raise UserError(self.env._("The photo of a visit stays as it was when checking in."))
        moved = {"partner_id", "lead_id", "channel_id", "date"} & set(vals)
        if moved and any(followup.checkin_date for followup in self.sudo()):
            raise UserError(
                self.env._(
                    "A visit checked in stays where and when it was checked in: log another follow-up."
                )
            )
        manager = self.env.user.has_group("sales_team.group_sale_manager")
        if (
            "user_id" in vals
            and not manager
            and (vals["user_id"] != self.env.uid or any(f.user_id.id != self.env.uid for f in self.sudo()))
        ):
            raise UserError(self.env._("A follow-up is logged by its own salesperson and stays theirs."))
        date = vals.get("date") and fields.Datetime.to_datetime(vals["date"])
        if date and date > fields.Datetime.now() + CLOCK_SKEW:
            raise UserError(
                self.env._(
                    "A follow-up records a contact that took place: its date cannot be later than now."
                )
            )

    def _check_owned_target(self):
        """Salespeople log and keep follow-ups on the leads, or else the customers, they own."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        for followup in self.sudo():
            self._check_owner(followup.lead_id or followup.partner_id)

    @api.model
    def _check_owner(self, target):
        """Refuse, in words (not by the record rules' access error), a follow-up on `target` (a
        customer or lead) to a salesperson who neither owns it nor collaborates on it with edit
        access."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        if target.sudo().user_id.id != self.env.uid and not target._crm_smb_collaborates(
            self.env.user, edit=True
        ):
            raise UserError(
                self.env._(
                    "Follow-ups are logged on your own customers and leads only: ask your sales "
                    "manager to assign this one to you."
                )
            )

    def action_check_in(self, latitude, longitude, accuracy=0.0):
        """Check in a visit where the salesperson stands: the position the phone's browser gives
        (Geolocation API), the server's time, the distance to the customer's geolocated address
        (flagged beyond the radius of the settings). Once, by the follow-up's salesperson."""
        self.ensure_one()
        self.check_access("read")
        try:
            latitude, longitude, accuracy = float(latitude), float(longitude), float(accuracy or 0.0)
        except (TypeError, ValueError):
            raise UserError(self.env._("The browser gave no usable position.")) from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or not 0 <= accuracy < 1e6:
            raise UserError(self.env._("The browser gave no usable position."))
        followup = self.sudo()
        if followup.user_id != self.env.user:
            raise UserError(self.env._("A visit is checked in by its own salesperson."))
        if not followup.is_visit:
            raise UserError(self.env._("Only a visit is checked in: choose the Visit channel first."))
        if followup.checkin_date:
            raise UserError(self.env._("This visit is checked in already."))
        if not followup.editable_today:
            raise UserError(
                self.env._("A visit is checked in on the day it is logged, where it takes place.")
            )
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param("crm_smb_followup.checkin_photo_required") and not followup.checkin_photo:
            raise UserError(self.env._("Take a photo of the visit first: your company asks for one."))
        customer = followup.partner_id
        located = bool(customer.partner_latitude or customer.partner_longitude)
        distance = 0.0
        if located:
            distance = distance_m(latitude, longitude, customer.partner_latitude, customer.partner_longitude)
        radius = int(params.get_param("crm_smb_followup.checkin_radius", 500) or 500)
        followup.write(
            {
                "checkin_date": fields.Datetime.now(),
                "checkin_latitude": latitude,
                "checkin_longitude": longitude,
                "checkin_accuracy": accuracy,
                "checkin_distance": distance,
                "checkin_flagged": distance > radius,
                "checkin_located": located,
            }
        )
        return {"distance": round(distance), "flagged": distance > radius, "located": located}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_user_vals(vals)
            if vals.get("lead_id") or vals.get("partner_id"):
                self._check_owner(
                    self.env["crm.lead"].browse(vals["lead_id"])
                    if vals.get("lead_id")
                    else self.env["res.partner"].browse(vals["partner_id"])
                )
        followups = super().create(vals_list)
        followups._move_customer_stage()
        for followup in followups.sorted("date"):
            followup._plan_next_contact()
        followups._attach_uploaded_files()
        return followups

    def write(self, vals):
        self._check_user_vals(vals)
        res = super().write(vals)
        if {"partner_id", "lead_id"} & vals.keys():
            self._check_owned_target()
        if "stage_after_id" in vals:
            self._move_customer_stage()
        if {"next_contact_date", "next_action", "user_id"} & set(vals):
            for followup in self:
                followup._update_next_contact()
        if "attachment_ids" in vals:
            self._attach_uploaded_files()
        return res

    def _move_customer_stage(self):
        # the follow-up's consequence, once its target passed _check_owner (a collaborator of a
        # lead moves the stage of the lead's customer they may not edit)
        for followup in self:
            partner = followup.partner_id.sudo()
            if followup.stage_after_id and partner and partner.followup_stage_id != followup.stage_after_id:
                partner.followup_stage_id = followup.stage_after_id

    def _next_contact_target(self):
        """The record that carries the next-contact activity: the lead, or else the customer."""
        self.ensure_one()
        return self.lead_id or self.partner_id

    @api.model
    def _get_next_contact_activity_type(self):
        param = self.env["ir.config_parameter"].sudo().get_param("crm_smb_followup.activity_type_id")
        activity_type = self.env["mail.activity.type"].browse(int(param or 0)).exists()
        return activity_type or self.env.ref("crm_smb_followup.mail_activity_type_followup")

    def _next_contact_summary(self):
        self.ensure_one()
        return self.next_action or self.env._("Follow up: %(summary)s", summary=self.summary)

    def _plan_next_contact(self):
        """Close the target's open next-contact activities; plan the next one if a date is set."""
        self.ensure_one()
        target = self._next_contact_target()
        activity_type = self._get_next_contact_activity_type()
        previous = target.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        if previous:
            # The day as its author lived it (their time zone), written as they write dates.
            author = self.with_context(tz=self.user_id.tz or self.env.user.tz, lang=self.user_id.lang)
            day = fields.Datetime.context_timestamp(author, self.date).date()
            previous.action_feedback(
                feedback=author.env._(
                    "Followed up on %(date)s: %(summary)s",
                    date=format_date(author.env, day),
                    summary=self.summary,
                )
            )
            # Done activities are deleted; the database nulls the links to them.
            self.invalidate_model(["next_activity_id"])
        if self.next_contact_date:
            self.next_activity_id = target.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=self.next_contact_date,
                summary=self._next_contact_summary(),
                user_id=self.user_id.id,
            )

    def _update_next_contact(self):
        """Keep this follow-up's own next-contact activity in step with its fields."""
        self.ensure_one()
        activity = self.next_activity_id
        if activity and not self.next_contact_date:
            activity.unlink()
        elif activity:
            activity.write(
                {
                    "date_deadline": self.next_contact_date,
                    "user_id": self.user_id.id,
                    "summary": self._next_contact_summary(),
                }
            )
        elif self.next_contact_date and self == self._latest_on_target():
            self._plan_next_contact()

    def _latest_on_target(self):
        self.ensure_one()
        field = "lead_id" if self.lead_id else "partner_id"
        domain = [(field, "=", self._next_contact_target().id)]
        if not self.lead_id:
            domain.append(("lead_id", "=", False))
        return self.search(domain, order="date desc, id desc", limit=1)

    def _attach_uploaded_files(self):
        """Files uploaded in the dialog belong to the follow-up (so its readers can open them)."""
        for followup in self:
            pending = followup.attachment_ids.filtered(lambda a: not a.res_id)
            if pending:
                pending.write({"res_model": self._name, "res_id": followup.id})

    @api.depends("partner_id", "summary")
    def _compute_display_name(self):
        for followup in self:
            # Named as a many2one is named: the customer may since wait in a pool its author
            # may not read.
            target = (followup.partner_id or followup.lead_id).sudo()
            followup.display_name = ": ".join(n for n in (target.display_name, followup.summary) if n)

    @api.model
    def action_log_followup(self):
        """The small "Log follow-up" dialog, with defaults taken from the context."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Follow-up"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(self.env.ref("crm_smb_followup.crm_smb_followup_view_form_quick").id, "form")],
            "target": "new",
            "context": dict(self.env.context),
        }
