from odoo import models


class CrmSmbFollowup(models.Model):
    """The Follow-up Activity analysis exports its follow-ups to Excel like the other analyses."""

    _name = "crm.smb.followup"
    _inherit = ["crm.smb.followup", "crm.smb.xlsx.export.mixin"]
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
    )
