from . import test_service_security
from . import test_sla
from . import test_assignment
from . import test_intake
from . import test_crm_ties
from . import test_portal
from . import test_ui
from . import test_analysis
