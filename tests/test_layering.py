"""Each module stands on the ones below it only: crm_smb_followup installs without Sales and
Invoicing, crm_smb_service without crm_smb_reports, and each one's tests pass there (the
analyses live beside their data, so a lower module must not lean on a higher one)."""

import os
import subprocess

import pytest

from tools import suite

pytestmark = pytest.mark.db


@pytest.fixture
def fresh_database():
    """A database this test creates and drops: (configuration file, name)."""
    conf = os.environ.get("SMB_ODOO_RC")
    if not conf:
        pytest.fail("Run the database tests through `make test` (SMB_ODOO_RC is not set).")
    database = suite.ensure_database_server()
    name = f"{os.environ.get('SMB_TEST_DB') or 'crm_smb_test'}_layers"
    suite.remember_database(database, name, present=True)
    try:
        yield conf, name
    finally:
        suite.drop_database(database, name)


def _install_with_tests(conf, name, module):
    command = suite.install_command(
        suite.find_odoo(),
        conf,
        name,
        module,
        "--test-enable",
        f"--test-tags=/{module}",
        "--max-cron-threads=0",
        f"--http-port={suite.free_port()}",  # the tours need a server of their own
    )
    report = suite.LogReport()
    output = subprocess.run(
        command,
        env=suite.odoo_environ(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    ).stdout
    for line in output.splitlines():
        report.feed(line)
    count, reasons = report.failures()
    assert count == 0, f"{module} on its own:\n" + "\n".join(reasons + report.error_lines[:20])
    assert report.tests_run > 0, f"{module}: no test ran"
    return report


def test_each_module_installs_and_passes_its_tests_on_its_own(fresh_database):
    conf, name = fresh_database
    followup = _install_with_tests(conf, name, "crm_smb_followup")
    service = _install_with_tests(conf, name, "crm_smb_service")
    assert followup.passed and service.passed
