"""Suite-level tests: the tooling, the addons' metadata, and checks against the
database that `make test` has just installed (SMB_ODOO_RC / SMB_TEST_DB)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    config.addinivalue_line("markers", "bench: benchmarks, run by `make bench` only")
    config.addinivalue_line("markers", "db: needs the database installed by `make test`")
    config.addinivalue_line("markers", "destructive: changes the test database; runs last")


def pytest_collection_modifyitems(config, items):
    # Tests that uninstall modules must run after every other database test.
    items.sort(key=lambda item: item.get_closest_marker("destructive") is not None)


@pytest.fixture(scope="session")
def odoo_db():
    """(odoo module, database name) of the database `make test` installed."""
    rc, db = os.environ.get("SMB_ODOO_RC"), os.environ.get("SMB_TEST_DB")
    if not (rc and db):
        pytest.fail("Run the database tests through `make test` (SMB_ODOO_RC and SMB_TEST_DB are not set).")
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", rc, "-d", db, "--log-level=warn"])
    return odoo, db


@pytest.fixture
def odoo_env(odoo_db):
    """A superuser environment on the test database, rolled back afterwards."""
    odoo, db = odoo_db
    from odoo.modules.registry import Registry

    registry = Registry(db)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.rollback()
