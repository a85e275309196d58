from . import ir_actions_report
from . import crm_smb_pdf_reports
from . import crm_smb_sales_report
from . import crm_smb_collection_report
from . import crm_smb_collection_period_report
from . import crm_smb_customer_report
from . import crm_smb_collection_plan_report
from . import crm_smb_target_report
