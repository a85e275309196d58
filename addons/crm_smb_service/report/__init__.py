from . import crm_smb_service_report
