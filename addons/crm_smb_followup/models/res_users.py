from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_smb_start_page = fields.Selection(
        [("pipeline", "Pipeline"), ("today", "Today's Work")],
        string="CRM Start Page",
        default="pipeline",
        required=True,
        help="What the CRM app opens on for this user (a salesperson's day, or Odoo's pipeline).",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "crm_smb_start_page"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "crm_smb_start_page"]
