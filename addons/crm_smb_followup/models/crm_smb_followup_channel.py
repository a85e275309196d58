from odoo import fields, models


class CrmSmbFollowupChannel(models.Model):
    _name = "crm.smb.followup.channel"
    _description = "Follow-up Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    icon = fields.Char(
        string="Channel Icon",
        default="fa-comments",
        help="Font Awesome icon shown on follow-up cards, e.g. fa-phone.",
    )
    is_visit = fields.Boolean(
        string="Visit",
        help="Follow-ups on this channel are visits to the customer: counted as visits in the work "
        "reports and the visits analysis.",
    )
    active = fields.Boolean(default=True)
