from . import crm_smb_duplicate_mixin
from . import crm_smb_followup_stage
from . import crm_smb_followup_channel
from . import crm_smb_followup
from . import res_partner
from . import crm_lead
from . import res_config_settings
from . import crm_smb_handover
