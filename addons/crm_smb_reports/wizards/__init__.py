from . import crm_smb_data_check
from . import crm_smb_salesperson_report_wizard
