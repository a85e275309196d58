"""Company-name keys leave out the place a company is registered in: the keys are computed
again (crm.smb.duplicate.key's `init` creates the missing rows during this update). The path
of Customer Follow-up moves to the server action that opens it."""


def migrate(cr, version):
    cr.execute("DELETE FROM crm_smb_duplicate_key")
    cr.execute("UPDATE ir_actions SET path = NULL WHERE path = 'customer-followup'")
