from odoo import fields, models


class CrmSmbPoolReason(models.Model):
    _name = "crm.smb.pool.reason"
    _description = "Release Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
