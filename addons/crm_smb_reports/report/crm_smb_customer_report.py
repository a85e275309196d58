from odoo import models
from odoo.tools import SQL


class CrmSmbCustomerReport(models.Model):
    _inherit = "crm.smb.customer.report"
    _depends = {"res.partner": ["customer_rank"]}

    def _customer_condition(self):
        # Invoicing marks whom the company sold to as a customer.
        return SQL("%s OR p.customer_rank > 0", super()._customer_condition())
