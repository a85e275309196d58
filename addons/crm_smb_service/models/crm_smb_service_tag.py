from random import randint

from odoo import fields, models


class CrmSmbServiceTag(models.Model):
    _name = "crm.smb.service.tag"
    _description = "Service Request Tag"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))  # noqa: S311 - a tag colour

    _sql_constraints = [("name_uniq", "unique (name)", "A tag with this name already exists.")]
