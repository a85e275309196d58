from . import test_service_security
from . import test_sla
from . import test_assignment
