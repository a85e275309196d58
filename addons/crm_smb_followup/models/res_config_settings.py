from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_smb_followup_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Follow-up Activity Type",
        config_parameter="crm_smb_followup.activity_type_id",
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
    crm_smb_customer_level_a = fields.Char(
        string="Level A", config_parameter="crm_smb_followup.customer_level_a", help="Meaning of level A."
    )
    crm_smb_customer_level_b = fields.Char(
        string="Level B", config_parameter="crm_smb_followup.customer_level_b", help="Meaning of level B."
    )
    crm_smb_customer_level_c = fields.Char(
        string="Level C", config_parameter="crm_smb_followup.customer_level_c", help="Meaning of level C."
    )
    crm_smb_customer_level_d = fields.Char(
        string="Level D", config_parameter="crm_smb_followup.customer_level_d", help="Meaning of level D."
    )
    crm_smb_birthday_reminder_days = fields.Integer(
        string="Birthday Reminder (days before)",
        default=3,
        config_parameter="crm_smb_followup.birthday_reminder_days",
        help="The salesperson gets a To-Do this many days before a contact's birthday.",
    )
