from . import ir_actions_report
from . import crm_smb_pdf_reports
