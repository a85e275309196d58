from . import crm_smb_xlsx_export
from . import crm_smb_collection_report
from . import crm_smb_sales_report
