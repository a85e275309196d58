from odoo import fields, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    crm_smb_rule = fields.Selection(
        [("leader", "Team Leader Approval"), ("manager", "Sales Manager Approval")],
        string="Order Approval Rule",
        readonly=True,
        help="Set on the approval tiers the CRM settings keep in step with their amounts.",
    )
