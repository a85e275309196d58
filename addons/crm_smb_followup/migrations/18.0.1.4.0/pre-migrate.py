"""Company-name keys leave out the place a company is registered in: the keys are computed
again (crm.smb.duplicate.key's `init` creates the missing rows during this update). The path
of Customer Follow-up moves to the server action that opens it."""

from odoo.tools.sql import table_exists


def migrate(cr, version):
    # a database coming from before 18.0.1.3.0 has no key table yet: this update creates it
    if table_exists(cr, "crm_smb_duplicate_key"):
        cr.execute("DELETE FROM crm_smb_duplicate_key")
    cr.execute("UPDATE ir_actions SET path = NULL WHERE path = 'customer-followup'")
