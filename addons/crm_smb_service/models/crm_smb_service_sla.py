from odoo import api, fields, models
from odoo.exceptions import ValidationError

PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]


class CrmSmbServiceSla(models.Model):
    """Response and resolution targets, in working hours, for the requests it matches."""

    _name = "crm.smb.service.sla"
    _description = "Service Level Agreement"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="The first matching policy applies.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    team_ids = fields.Many2many("crm.smb.service.team", string="Teams", help="Empty: every team.")
    type_ids = fields.Many2many("crm.smb.service.type", string="Types", help="Empty: every type.")
    priority = fields.Selection(PRIORITIES, help="Empty: every priority.")
    customer_level_id = fields.Many2one("crm.smb.customer.level", help="Empty: every customer level.")
    response_hours = fields.Float(help="Working hours to the first response (0: no target).")
    resolution_hours = fields.Float(help="Working hours to the resolution (0: no target).")

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for sla in self:
            if sla.response_hours < 0 or sla.resolution_hours < 0:
                raise ValidationError(self.env._("SLA targets cannot be negative."))
            if not (sla.response_hours or sla.resolution_hours):
                raise ValidationError(
                    self.env._("The SLA “%(sla)s” needs a response or a resolution target.", sla=sla.name)
                )

    def _matches(self, request):
        self.ensure_one()
        return (
            (not self.team_ids or request.team_id in self.team_ids)
            and (not self.type_ids or request.type_id in self.type_ids)
            and (not self.priority or request.priority == self.priority)
            and (
                not self.customer_level_id
                or request.partner_id.commercial_partner_id.customer_level_id == self.customer_level_id
            )
            and (not self.company_id or self.company_id == request.company_id)
        )
