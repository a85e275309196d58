from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_smb_followup_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Follow-up Activity Type",
        config_parameter="crm_smb_followup.activity_type_id",
        help="Activity planned for the salesperson on the next contact date of a follow-up.",
    )
