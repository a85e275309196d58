import odoo.http

from . import test_followup_stage
from . import test_followup
from . import test_duplicate
from . import test_handover
from . import test_birthday
from . import test_timeline
from . import test_pool
from . import test_pool_concurrency
from . import test_ui
from . import test_today
from . import test_pool_recycle_sql
from . import test_install
from . import test_analyses
from . import test_views
from . import test_lead_intake
from . import test_team_access
from . import test_collaborator
from . import test_work_report
from . import test_visit_checkin

# The first request for a static file makes Odoo read every module's manifest; when a browser
# asks for several at once, CPython 3.11 before 3.11.9 can fail parsing in two threads
# (gh-106905: "AST constructor recursion depth mismatch"). Read them once here, before any tour.
odoo.http.root.statics  # noqa: B018  # pylint: disable=pointless-statement
