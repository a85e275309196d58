from . import digest
from . import res_config_settings
from . import res_partner
from . import crm_smb_today
