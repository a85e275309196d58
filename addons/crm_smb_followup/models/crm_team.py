from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_smb_lead_pool_id = fields.Many2one(
        "crm.smb.pool",
        string="New Leads Wait In",
        domain="[('pool_type', '=', 'lead'), ('company_id', 'in', [company_id, False])]",
        help="Leads of this team created without a salesperson (website form, email alias, import, "
        "events) wait in this lead pool until a member claims them or an administrator assigns "
        "them. Empty: they stay unassigned, for Odoo's rule-based assignment.",
    )

    def _get_lead_to_assign_domain(self):
        # Odoo's rule-based assignment hands out unassigned leads: not those waiting in a public
        # pool, which are claimed or assigned from the pool, within its limits and with its history.
        return [*super()._get_lead_to_assign_domain(), ("pool_state", "!=", "pool")]
