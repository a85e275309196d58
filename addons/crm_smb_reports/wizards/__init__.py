from . import crm_smb_data_check
