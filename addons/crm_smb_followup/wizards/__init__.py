from . import crm_smb_handover_wizard
