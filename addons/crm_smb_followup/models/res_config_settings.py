from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_smb_followup_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Follow-up Activity Type",
        config_parameter="crm_smb_followup.activity_type_id",
        # What is used while nothing is set: shown as such, not as an empty field.
        default=lambda self: self.env["crm.smb.followup"]._get_next_contact_activity_type(),
        help="Activity planned for the salesperson on the next contact date of a follow-up.",
    )
    crm_smb_duplicate_check = fields.Selection(
        [("off", "Off"), ("warn", "Warn"), ("block", "Block")],
        string="Duplicate Check",
        default="warn",
        required=True,
        config_parameter="crm_smb_followup.duplicate_check",
        help="When a customer or lead shares a phone, email or company name with an existing one: "
        "do nothing, warn the user (names and owners of the matches), or refuse to save.",
    )
    crm_smb_birthday_reminder_days = fields.Integer(
        string="Birthday Reminder (days before)",
        default=3,
        config_parameter="crm_smb_followup.birthday_reminder_days",
        help="The salesperson gets a To-Do this many days before a contact's birthday.",
    )
    crm_smb_checkin_photo_required = fields.Boolean(
        string="Photo at Visit Check-in",
        config_parameter="crm_smb_followup.checkin_photo_required",
        help="A visit is checked in only with a photo taken there.",
    )
    crm_smb_checkin_radius = fields.Integer(
        string="Check-in Radius (m)",
        default=500,
        config_parameter="crm_smb_followup.checkin_radius",
        help="A visit checked in farther than this from the customer's geolocated address is flagged.",
    )
    crm_smb_pool_job_time = fields.Float(
        string="Recycling Time",
        help="Local time of day (in your time zone) when the nightly job warns owners and recycles records.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        cron = self.env.ref("crm_smb_followup.ir_cron_pool_recycle", raise_if_not_found=False)
        if cron:
            tz = pytz.timezone(self.env.user.tz or "UTC")
            local = pytz.utc.localize(cron.sudo().nextcall).astimezone(tz)
            res["crm_smb_pool_job_time"] = local.hour + local.minute / 60
        return res

    def set_values(self):
        if self.crm_smb_checkin_radius < 0:
            raise UserError(self.env._("The check-in radius is a distance: 0 meters or more."))
        super().set_values()
        cron = self.env.ref("crm_smb_followup.ir_cron_pool_recycle", raise_if_not_found=False)
        if not cron:
            return
        tz = pytz.timezone(self.env.user.tz or "UTC")
        hours = self.crm_smb_pool_job_time % 24
        at = time(int(hours), round((hours % 1) * 60) % 60)
        now_local = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
        nextcall = tz.localize(datetime.combine(now_local.date(), at))
        if nextcall <= now_local:
            nextcall += timedelta(days=1)
        nextcall_utc = nextcall.astimezone(pytz.utc).replace(tzinfo=None)
        if cron.sudo().nextcall != nextcall_utc:
            cron.sudo().nextcall = nextcall_utc
