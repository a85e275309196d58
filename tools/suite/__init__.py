"""Set up, run, test, lint and benchmark the CRM SMB addon suite.

The Makefile calls this package; it can also be called directly, from the project's top:

    python3 -m tools.suite {setup,run,test,lint,bench,pg-start,pg-stop,doctor}

It never contains, downloads or builds Odoo: it finds an installed Odoo 18.0
(an importable ``odoo`` package, or ``ODOO_PATH`` pointing at a source tree) and
a PostgreSQL server (the one that ``PG*`` variables or an ``odoo.conf`` point
to, or else a private cluster it starts under ``.local/pg``).

One job per module: ``odoo`` (finding and running Odoo), ``postgres`` (the server and
the databases this project created), ``config`` (Odoo configuration files), ``logs``
(reading Odoo's log), ``setup`` (requirements), ``commands`` (the Makefile's commands).
"""

from .common import ADDONS_DIR, LOCAL, MODULES, ROOT, TOP_MODULE, SuiteError
from .config import free_port, write_odoo_conf
from .logs import EXPECTED_WARNINGS, LogReport
from .odoo import find_odoo, install_command, odoo_command, odoo_environ, running_server
from .postgres import (
    Database,
    configured_database,
    drop_database,
    ensure_database_server,
    remember_database,
)

__all__ = [
    "ADDONS_DIR",
    "EXPECTED_WARNINGS",
    "LOCAL",
    "MODULES",
    "ROOT",
    "TOP_MODULE",
    "Database",
    "LogReport",
    "SuiteError",
    "configured_database",
    "drop_database",
    "ensure_database_server",
    "find_odoo",
    "free_port",
    "install_command",
    "odoo_command",
    "odoo_environ",
    "remember_database",
    "running_server",
    "write_odoo_conf",
]
