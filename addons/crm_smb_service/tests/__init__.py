from . import test_service_security
