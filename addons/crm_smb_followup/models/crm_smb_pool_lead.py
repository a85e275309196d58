from odoo import fields, models
from odoo.tools import SQL

from .crm_smb_pool_entry import hint_sql


class CrmSmbPoolLead(models.Model):
    _name = "crm.smb.pool.lead"
    _inherit = "crm.smb.pool.entry"
    _description = "Lead Waiting in a Pool"
    _auto = False
    _order = "pool_entry_date desc, id desc"
    _record_model = "crm.lead"
    _depends = {
        "crm.lead": [
            "name", "partner_name", "contact_name", "type", "priority", "expected_revenue", "pool_id",
            "pool_state", "active", "phone", "mobile", "email_from", "city", "country_id", "source_id",
            "medium_id", "team_id", "previous_user_id", "pool_entry_date", "last_followup_date",
        ],
        "crm.smb.pool": ["mask_contact_details", "company_id"],
        "res.company": ["currency_id"],
    }  # fmt: skip

    partner_name = fields.Char(string="Company Name", readonly=True)
    contact_name = fields.Char(readonly=True)
    type = fields.Selection([("lead", "Lead"), ("opportunity", "Opportunity")], readonly=True)
    priority = fields.Selection(selection=lambda self: self.env["crm.lead"]._fields["priority"].selection)
    expected_revenue = fields.Monetary(currency_field="company_currency", readonly=True)
    company_currency = fields.Many2one("res.currency", string="Currency", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id, l.name, l.partner_name, l.contact_name, l.type, l.priority,
                   l.expected_revenue, company.currency_id AS company_currency, l.pool_id,
                   pool.company_id, pool.mask_contact_details AS contact_hidden,
                   %(phone)s AS phone, %(mobile)s AS mobile, %(email)s AS email,
                   l.city, l.country_id, l.source_id, l.medium_id, l.team_id, l.previous_user_id,
                   l.pool_entry_date, l.last_followup_date
              FROM crm_lead l
              JOIN crm_smb_pool pool ON pool.id = l.pool_id
              JOIN res_company company ON company.id = pool.company_id
             WHERE l.pool_state = 'pool' AND l.active
            """,
            phone=hint_sql(SQL("l.phone")),
            mobile=hint_sql(SQL("l.mobile")),
            email=hint_sql(SQL("l.email_from")),
        )
