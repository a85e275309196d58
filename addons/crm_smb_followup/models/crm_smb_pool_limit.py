from odoo import api, fields, models

from .crm_smb_pool import check_limits


class CrmSmbPoolLimit(models.Model):
    _name = "crm.smb.pool.limit"
    _description = "Public Pool Limit per User"

    pool_id = fields.Many2one("crm.smb.pool", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", required=True, domain="[('share', '=', False)]")
    max_claims_per_day = fields.Integer(string="Claims per Day", help="0: no limit.")
    max_holding = fields.Integer(string="Holding Limit", help="0: no limit.")

    _sql_constraints = [
        ("user_uniq", "unique(pool_id, user_id)", "A user has one limit line per pool."),
    ]

    @api.constrains("max_claims_per_day", "max_holding")
    def _check_limits(self):
        for line in self:
            check_limits(line, (line.max_claims_per_day, line.max_holding))
