from . import crm_smb_report
from . import crm_smb_customer_report
from . import crm_smb_stage_report
from . import crm_smb_pipeline_report
from . import crm_smb_pool_activity_report
from . import crm_smb_pool_size_report
from . import crm_smb_work_report_completion
from . import crm_smb_visit_report
