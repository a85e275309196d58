"""Company-name keys leave out the place a company is registered in: the keys are computed
again (crm.smb.duplicate.key's `init` creates the missing rows during this update)."""


def migrate(cr, version):
    cr.execute("DELETE FROM crm_smb_duplicate_key")
