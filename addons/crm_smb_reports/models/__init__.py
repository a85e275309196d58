from . import crm_smb_collection_report
