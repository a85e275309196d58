from odoo import fields, models


class CrmSmbServiceStage(models.Model):
    _name = "crm.smb.service.stage"
    _description = "Service Request Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(string="Closing Stage", help="Requests in this stage are done.")
    is_waiting = fields.Boolean(
        string="Waiting on Customer", help="Time spent in this stage does not count against the SLA."
    )
    rating_request = fields.Boolean(
        string="Ask for Rating", help="Reaching this stage sends the customer a satisfaction survey."
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'crm.smb.service.request')]",
        help="Email sent to the customer when a request reaches this stage.",
    )
    team_ids = fields.Many2many("crm.smb.service.team", string="Teams", help="Empty: used by every team.")
    active = fields.Boolean(default=True)
