"""The project's scripts: Odoo discovery, log verdicts, the private cluster's safety."""

import subprocess
import sys

import pytest

from tools import suite

LINE = "2026-11-22 10:00:00,123 4242 {level} testdb {logger}: {message}"


def _log(level, logger, message):
    return LINE.format(level=level, logger=logger, message=message)


def _fake_odoo(tmp_path, version_info):
    release = tmp_path / "odoo" / "release.py"
    release.parent.mkdir(parents=True)
    release.write_text(
        f"version_info = {version_info!r}\nversion = '{version_info[0]}.{version_info[1]}'\n",
        encoding="utf-8",
    )
    return tmp_path


def test_odoo_path_that_is_not_odoo_is_refused_with_instructions(tmp_path):
    with pytest.raises(suite.SuiteError) as caught:
        suite.find_odoo({"ODOO_PATH": str(tmp_path)})
    message = str(caught.value)
    assert "is not an Odoo source tree" in message
    assert "official packages" in message
    assert "docker" in message
    assert "ODOO_PATH" in message


def test_wrong_odoo_version_is_named(tmp_path):
    root = _fake_odoo(tmp_path, (17, 0, 0, "final", 0, ""))
    with pytest.raises(suite.SuiteError) as caught:
        suite.find_odoo({"ODOO_PATH": str(root)})
    assert "Found Odoo 17.0" in str(caught.value)
    assert "needs Odoo 18.0" in str(caught.value)


def test_odoo_18_source_tree_is_accepted(tmp_path):
    root = _fake_odoo(tmp_path, (18, 0, 0, "final", 0, ""))
    found = suite.find_odoo({"ODOO_PATH": str(root)})
    assert found.version_info[0] == 18
    assert found.root == root.resolve()
    assert found.from_odoo_path


def test_missing_odoo_stops_the_command_with_exit_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tools.suite", "doctor"],
        cwd=suite.ROOT,
        env={"ODOO_PATH": str(tmp_path / "nowhere"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "not an Odoo source tree" in result.stderr


def test_clean_run_passes():
    report = suite.LogReport()
    report.feed(_log("INFO", "odoo.modules.loading", "68 modules loaded in 40s"))
    report.feed(
        _log("INFO", "odoo.tests.result", "0 failed, 0 error(s) of 12 tests when loading database 'x'")
    )
    assert report.failures() == (0, [])
    assert report.passed == 12


def test_skipped_tour_counts_as_failure():
    report = suite.LogReport()
    report.feed(
        _log(
            "INFO",
            "odoo.addons.crm_smb_followup.tests.test_tour",
            "skipped test_tour (odoo.addons.crm_smb_followup.tests.test_tour.TestTour.test_tour) : "
            "websocket-client module is not installed",
        )
    )
    report.feed(
        _log("INFO", "odoo.tests.result", "0 failed, 0 error(s) of 3 tests when loading database 'x'")
    )
    count, reasons = report.failures()
    assert count == 1
    assert report.passed == 2
    assert any("websocket-client" in r for r in reasons)


def test_unexpected_warning_fails_the_run():
    report = suite.LogReport()
    report.feed(
        _log(
            "WARNING",
            "odoo.modules.loading",
            "Module crm_smb_followup demo data failed to install, installed without demo data",
        )
    )
    report.feed(
        _log("INFO", "odoo.tests.result", "0 failed, 0 error(s) of 3 tests when loading database 'x'")
    )
    count, reasons = report.failures()
    assert count == 1
    assert "WARNING" in reasons[0]


def test_error_outside_tests_fails_the_run():
    report = suite.LogReport()
    report.feed(_log("ERROR", "odoo.sql_db", "bad query"))
    report.feed(
        _log("INFO", "odoo.tests.result", "0 failed, 0 error(s) of 3 tests when loading database 'x'")
    )
    assert report.failures()[0] == 1


def test_failed_tests_are_counted_once_each():
    report = suite.LogReport()
    report.feed(_log("ERROR", "odoo.addons.crm_smb_followup.tests.test_x", "FAIL: TestX.test_y"))
    report.feed(
        _log("ERROR", "odoo.tests.result", "2 failed, 1 error(s) of 10 tests when loading database 'x'")
    )
    count, _reasons = report.failures()
    assert count == 3
    assert report.passed == 7


def test_install_that_never_reports_results_fails():
    report = suite.LogReport()
    report.feed(_log("CRITICAL", "odoo.service.server", "Failed to initialize database `x`."))
    assert report.failures()[0] >= 1


def test_never_drops_a_database_it_did_not_create(tmp_path, monkeypatch):
    monkeypatch.setattr(suite.postgres, "DB_REGISTRY", tmp_path / "databases.json")
    database = suite.Database(host="/nonexistent", port="5432", user="odoo", private=True)
    with pytest.raises(suite.SuiteError, match="did not create it"):
        suite.drop_database(database, "somebody_elses_db")


def test_user_odoo_conf_database_settings_are_used(tmp_path):
    conf = tmp_path / "odoo.conf"
    conf.write_text("[options]\ndb_host = dbserver\ndb_port = 6543\ndb_user = crm\n", encoding="utf-8")
    database = suite.configured_database({"ODOO_RC": str(conf), "PGUSER": "ignored"})
    assert (database.host, database.port, database.user) == ("dbserver", "6543", "crm")


def test_pg_variables_fill_what_odoo_conf_leaves_out(tmp_path):
    conf = tmp_path / "odoo.conf"
    conf.write_text("[options]\naddons_path = /somewhere\n", encoding="utf-8")
    database = suite.configured_database(
        {"ODOO_RC": str(conf), "PGHOST": "/run/pg", "PGPORT": "5433", "PGUSER": "me"}
    )
    assert (database.host, database.port, database.user) == ("/run/pg", "5433", "me")
