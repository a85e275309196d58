from . import crm_smb_followup_stage, res_partner
