from odoo import fields, models


class CrmSmbCustomerLevel(models.Model):
    """A customer grade (客户等级): its name and meaning are the company's, in every language."""

    _name = "crm.smb.customer.level"
    _description = "Customer Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code used in rules and filters (pool recycling rules, SLA policies), e.g. A.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What makes a customer this level.")
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "Each customer level has its own code.")]
