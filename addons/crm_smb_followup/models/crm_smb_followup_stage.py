from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSmbFollowupStage(models.Model):
    _name = "crm.smb.followup.stage"
    _description = "Customer Follow-up Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the customer kanban view.",
    )
    is_won = fields.Boolean(string="Won", help="Customers in this stage have bought.")
    is_lost = fields.Boolean(string="Lost", help="Customers in this stage are lost.")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.constrains("is_won", "is_lost")
    def _check_won_lost(self):
        for stage in self:
            if stage.is_won and stage.is_lost:
                raise ValidationError(
                    self.env._(
                        "The follow-up stage “%(stage)s” cannot be both won and lost.", stage=stage.name
                    )
                )
