from . import crm_smb_service_type
from . import crm_smb_service_stage
from . import crm_smb_service_tag
from . import crm_smb_service_team
from . import crm_smb_service_sla
from . import crm_smb_service_request
from . import res_partner
from . import res_config_settings
