from . import crm_smb_handover_wizard
from . import crm_smb_pool_wizard
