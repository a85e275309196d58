from . import test_followup_stage
from . import test_followup
from . import test_duplicate
from . import test_handover
from . import test_birthday
from . import test_timeline
from . import test_pool
from . import test_ui
