from odoo import models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def _get_lead_to_assign_domain(self):
        # Odoo's rule-based assignment hands out unassigned leads: not those waiting in a public
        # pool, which are claimed or assigned from the pool, within its limits and with its history.
        return [*super()._get_lead_to_assign_domain(), ("pool_state", "!=", "pool")]
