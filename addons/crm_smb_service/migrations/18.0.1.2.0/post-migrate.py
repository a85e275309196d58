"""Customer levels became records: an SLA policy for a level keeps it."""

from odoo.tools import sql


def migrate(cr, version):
    if sql.column_exists(cr, "crm_smb_service_sla", "customer_level"):
        cr.execute(
            """
            UPDATE crm_smb_service_sla s SET customer_level_id = l.id
              FROM crm_smb_customer_level l
             WHERE l.code = s.customer_level AND s.customer_level_id IS NULL
            """
        )
