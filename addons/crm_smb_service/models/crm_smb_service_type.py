from odoo import fields, models


class CrmSmbServiceType(models.Model):
    _name = "crm.smb.service.type"
    _description = "Service Request Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    is_complaint = fields.Boolean(
        string="Complaint", help="Complaints need a root cause and a corrective action before closing."
    )
    active = fields.Boolean(default=True)
