"""Customer levels became records (crm.smb.customer.level): each customer gets the record of its
former level code, and the meanings typed in the settings become the levels' names (the settings go)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    params = env["ir.config_parameter"].sudo()
    for level in env["crm.smb.customer.level"].with_context(active_test=False).search([]):
        meaning = params.get_param(f"crm_smb_followup.customer_level_{level.code.lower()}")
        if meaning:
            level.name = meaning
    params.search([("key", "=like", "crm_smb_followup.customer_level_%")]).unlink()
    cr.execute(
        """
        UPDATE res_partner p SET customer_level_id = l.id
          FROM crm_smb_customer_level l
         WHERE l.code = p.customer_level AND p.customer_level_id IS NULL
        """
    )
