from odoo import fields, models
from odoo.tools import SQL

from .crm_smb_pool_entry import hint_sql


class CrmSmbPoolCustomer(models.Model):
    _name = "crm.smb.pool.customer"
    _inherit = "crm.smb.pool.entry"
    _description = "Customer Waiting in a Pool"
    _auto = False
    _order = "pool_entry_date desc, id desc"
    _record_model = "res.partner"
    _depends = {
        "res.partner": [
            "name", "is_company", "pool_id", "pool_state", "active", "phone", "mobile", "email", "city",
            "state_id", "country_id", "industry_id", "customer_level_id", "followup_stage_id", "source_id",
            "previous_user_id", "pool_entry_date", "last_followup_date",
        ],
        "crm.smb.pool": ["mask_contact_details", "company_id"],
    }  # fmt: skip

    is_company = fields.Boolean(readonly=True)
    state_id = fields.Many2one("res.country.state", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    customer_level_id = fields.Many2one("crm.smb.customer.level", readonly=True)
    followup_stage_id = fields.Many2one("crm.smb.followup.stage", string="Follow-up Stage", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT p.id, p.name, p.is_company, p.pool_id, pool.company_id,
                   pool.mask_contact_details AS contact_hidden,
                   %(phone)s AS phone, %(mobile)s AS mobile, %(email)s AS email,
                   p.city, p.state_id, p.country_id, p.industry_id, p.customer_level_id,
                   p.followup_stage_id, p.source_id, p.previous_user_id, p.pool_entry_date,
                   p.last_followup_date
              FROM res_partner p
              JOIN crm_smb_pool pool ON pool.id = p.pool_id
             WHERE p.pool_state = 'pool' AND p.active
            """,
            phone=hint_sql(SQL("p.phone")),
            mobile=hint_sql(SQL("p.mobile")),
            email=hint_sql(SQL("p.email")),
        )
