"""The commands of the Makefile: setup, run, test, lint, bench, pg-start, pg-stop, doctor."""

import argparse
import contextlib
import datetime
import os
import signal
import subprocess
import sys

from .common import ADDONS_DIR, DEMO_DB, LOCAL, LOG_DIR, MODULES, ROOT, TOP_MODULE, SuiteError, say
from .config import free_port, write_odoo_conf
from .logs import echo_test_progress, run_logged
from .odoo import create_database_command, find_odoo, install_command, odoo_command, odoo_environ
from .postgres import (
    created_databases,
    database_exists,
    drop_database,
    ensure_database_server,
    private_cluster_running,
    remember_database,
    start_private_cluster,
    stop_private_cluster,
)
from .setup import missing_system_packages, setup


def lint():
    """ruff (lint + format check) and pylint-odoo; return True when clean."""
    ok = True
    targets = ["addons", "tests", "tools"]
    steps = [
        ("ruff check", [sys.executable, "-m", "ruff", "check", *targets]),
        ("ruff format", [sys.executable, "-m", "ruff", "format", "--check", *targets]),
        (
            "pylint-odoo",
            [
                sys.executable,
                "-m",
                "pylint",
                "--rcfile",
                str(ROOT / ".pylintrc"),
                *[str(ADDONS_DIR / m) for m in MODULES],
            ],
        ),
        (
            "oca-checks-odoo-module",
            [
                sys.executable,
                "-c",
                "import sys; from oca_pre_commit_hooks.cli import main; sys.exit(main())",
                "--config",
                str(ROOT / ".oca_hooks.cfg"),
                *[str(ADDONS_DIR / m) for m in MODULES],
            ],
        ),
    ]
    for name, cmd in steps:
        say(f"== {name}")
        result = subprocess.run(cmd, cwd=ROOT, check=False)
        if result.returncode != 0:
            say(f"-- {name} failed")
            ok = False
    say("lint: ok" if ok else "lint: FAILED")
    return ok


def run(extra_args):
    odoo = find_odoo()
    setup()
    database = ensure_database_server()
    conf = write_odoo_conf(odoo, database, "run", http_port=int(os.environ.get("SMB_HTTP_PORT", "8069")))
    env = odoo_environ()
    log_dir = LOG_DIR
    exists = database_exists(database, DEMO_DB)
    if exists and DEMO_DB not in created_databases(database):
        raise SuiteError(
            f"A database named {DEMO_DB!r} exists on this server but was not created by this project; "
            "it is left alone. Choose another name with SMB_DB=<name> make run."
        )
    if not exists:
        say(f"Creating database {DEMO_DB!r} with the suite and demo data (takes a few minutes) ...")
        remember_database(database, DEMO_DB, present=True)
        # A Chinese company (CNY, China), in Chinese, created as Odoo's database manager does.
        log_path = log_dir / "create-demo.log"
        rc, report = run_logged(
            create_database_command(odoo, conf, DEMO_DB, "zh_CN", "CN"),
            log_path,
            env,
            lambda m: m["level"] in ("ERROR", "CRITICAL"),
        )
        # Invoicing first, on its own: it then installs China's chart of accounts (l10n_cn), which
        # the demo invoices need, before the suite.
        for modules, log_name in (("account", "install-accounting.log"), (TOP_MODULE, "install-demo.log")):
            if rc != 0 or report.error_lines:
                break
            log_path = log_dir / log_name
            rc, report = run_logged(
                install_command(odoo, conf, DEMO_DB, modules, "--no-http"),
                log_path,
                env,
                lambda m: m["level"] in ("ERROR", "CRITICAL"),
            )
        if rc != 0 or report.error_lines:
            with contextlib.suppress(SuiteError):
                drop_database(database, DEMO_DB)
            raise SuiteError(f"Creating the demo database failed; see {log_path}.")
    port = int(os.environ.get("SMB_HTTP_PORT", "8069"))
    say("")
    say(f"Odoo with the CRM SMB suite: http://localhost:{port}/web/login  (database {DEMO_DB})")
    say("Demo logins (user / password):")
    for login, role in DEMO_LOGINS:
        say(f"  {login:<12} / {login:<12} {role}")
    say("Stop with Ctrl-C.")
    say("")
    cmd = odoo_command(
        odoo, "server", "-c", str(conf), "-d", DEMO_DB, f"--db-filter=^{DEMO_DB}$", *extra_args
    )
    proc = subprocess.Popen(cmd, env=env)
    signal.signal(signal.SIGTERM, _interrupt)  # stop Odoo (and the cluster) on SIGTERM too
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()
    finally:
        if database.started_here:
            stop_private_cluster(quiet=True)


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


DEMO_LOGINS = (
    ("admin", "administrator"),
    ("manager", "sales manager (王经理)"),
    ("sales1", "salesperson (李娜)"),
    ("sales2", "salesperson (张伟)"),
    ("sales3", "salesperson (陈静)"),
    ("service", "service agent (赵磊)"),
)


def _run_pytest(database_name, conf, junit, marker):
    """Run suite-level tests; return (passed, failed)."""
    env = odoo_environ({"SMB_ODOO_RC": str(conf), "SMB_TEST_DB": database_name or ""})
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        str(ROOT / "tests"),
        "-p",
        "no:cacheprovider",
        "-m",
        marker,
        f"--junitxml={junit}",
        "-q",
        *(["-s"] if marker == "bench" else []),  # benchmarks print their tables
    ]
    rc = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
    if rc == 5:
        # pytest's "no tests collected": neither a pass nor a failure.
        say("pytest collected no suite-level tests.")
        return 0, 0
    passed = failed = 0
    if junit.is_file():
        import xml.etree.ElementTree as ET

        root = ET.parse(junit).getroot()
        suites = [root] if root.tag == "testsuite" else list(root)
        for suite in suites:
            tests = int(suite.get("tests", 0))
            bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0)) + int(suite.get("skipped", 0))
            passed += tests - bad
            failed += bad
    if rc != 0 and failed == 0:
        failed = 1  # pytest itself failed (usage error, crash, interrupted)
    return passed, failed


# Odoo's modules the suite extends: their own tests, tours included, must pass with it installed.
ODOO_TESTED_MODULES = ("crm", "sale_crm")


def _odoo_test_files(odoo):
    for module in ODOO_TESTED_MODULES:
        for addons in (odoo.root / "addons", odoo.root / "odoo" / "addons"):
            if (addons / module / "tests").is_dir():
                yield module, sorted((addons / module / "tests").glob("test_*.py"))
                break
        else:
            raise SuiteError(f"Odoo's module {module} has no tests directory under {odoo.root}.")


def _run_odoo_own_tests(odoo, conf, database, env):
    """Run Odoo's own tests of the modules the suite extends against `database`, where the suite
    is installed: one process per test file (`--test-file`), so each runs with the whole
    registry, the suite's overrides included. Return (passed, failed, reasons)."""
    passed = failed = 0
    reasons = []
    for module, files in _odoo_test_files(odoo):
        for test_file in files:
            log_path = LOG_DIR / f"{database}_{module}_{test_file.stem}.log"
            cmd = odoo_command(
                odoo,
                "server",
                "-c",
                str(conf),
                "-d",
                database,
                f"--test-file={test_file}",
                "--stop-after-init",
                "--max-cron-threads=0",
                "--log-level=test",
            )
            rc, report = run_logged(cmd, log_path, env, lambda match: match["level"] in ("ERROR", "CRITICAL"))
            started = report.started(f"odoo.addons.{module}.tests")
            bad = report.failed_tests()
            if rc != 0 and not bad:
                bad = [f"{test_file.name}: Odoo exited with status {rc} (log: {log_path})"]
            if not started and not bad:
                bad = [f"{test_file.name}: no test ran (log: {log_path})"]
            passed += max(started - len(bad), 0)
            failed += len(bad)
            reasons.extend(f"{module}/{test_file.name}: {line}" for line in bad)
            say(f"  {module}/tests/{test_file.name}: {started} run, {len(bad)} failed")
    return passed, failed, reasons


def test():
    """Lint, install the suite into a fresh database with tests, run suite tests."""
    start = datetime.datetime.now()
    odoo = find_odoo()
    setup()
    failures = []
    passed = failed = 0
    if not lint():
        failed += 1
        failures.append("make lint failed")
    database = ensure_database_server()
    name = f"crm_smb_test_{start:%Y%m%d_%H%M%S}"
    conf = write_odoo_conf(odoo, database, "test", http_port=free_port())
    env = odoo_environ()
    log_path = LOG_DIR / f"{name}.log"
    try:
        remember_database(database, name, present=True)
        tags = ",".join(f"/{m}" for m in MODULES)
        cmd = install_command(
            odoo, conf, name, TOP_MODULE, "--test-enable", f"--test-tags={tags}", "--max-cron-threads=0"
        )
        say(f"== Odoo: installing {TOP_MODULE} and its dependencies into {name} with tests (log: {log_path})")
        rc, report = run_logged(cmd, log_path, env, echo_test_progress)
        count, reasons = report.failures()
        if rc != 0 and not count:
            count, reasons = 1, [f"Odoo exited with status {rc}"]
        passed += report.passed
        failed += count
        failures.extend(f"Odoo: {r}" for r in reasons)
        say(f"Odoo: {report.passed} passed, {count} failed")

        say(f"== Odoo's own tests of {', '.join(ODOO_TESTED_MODULES)} with the suite installed")
        o_passed, o_failed, o_reasons = _run_odoo_own_tests(odoo, conf, name, env)
        passed += o_passed
        failed += o_failed
        failures.extend(f"Odoo's tests: {r}" for r in o_reasons)

        say("== Suite-level tests (pytest tests/)")
        junit = LOCAL / "pytest-junit.xml"
        junit.unlink(missing_ok=True)
        p_passed, p_failed = _run_pytest(name, conf, junit, "not bench")
        passed += p_passed
        failed += p_failed
        if p_failed:
            failures.append(f"pytest: {p_failed} failed")

    finally:
        if os.environ.get("SMB_KEEP_DB"):
            say(f"Keeping database {name} (SMB_KEEP_DB is set).")
        else:
            with contextlib.suppress(Exception):
                drop_database(database, name)
        if database.started_here:
            stop_private_cluster(quiet=True)
    elapsed = datetime.datetime.now() - start
    say("")
    for reason in failures:
        say(f"FAILED: {reason}")
    say(f"Total time: {int(elapsed.total_seconds())} s")
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def bench():
    odoo = find_odoo()
    setup()
    database = ensure_database_server()
    conf = write_odoo_conf(odoo, database, "bench", http_port=free_port())
    try:
        junit = LOCAL / "bench-junit.xml"
        junit.unlink(missing_ok=True)
        passed, failed = _run_pytest(None, conf, junit, "bench")
    finally:
        if database.started_here:
            stop_private_cluster(quiet=True)
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def doctor():
    odoo = find_odoo()
    say(f"Odoo {odoo.version} at {odoo.root} ({'ODOO_PATH' if odoo.from_odoo_path else 'importable'})")
    say(f"Python: {sys.executable}")
    missing = missing_system_packages()
    say(f"System packages missing: {' '.join(missing) if missing else 'none'}")
    say(f"Private cluster running: {private_cluster_running()}")
    return 0


def main(argv=None):
    from . import __doc__ as description

    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="install Python requirements and system packages")
    sub.add_parser(
        "run", help="serve the demo database on http://localhost:8069 (extra arguments go to Odoo)"
    )
    sub.add_parser("test", help="lint, then install the suite with tests in a fresh database")
    sub.add_parser("lint", help="ruff and pylint-odoo")
    sub.add_parser("bench", help="run the benchmarks in tests/bench")
    sub.add_parser("pg-start", help="start the private PostgreSQL cluster")
    sub.add_parser("pg-stop", help="stop the private PostgreSQL cluster")
    sub.add_parser("doctor", help="show what was found")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.command == "setup":
            setup(force=True)
            return 0
        if args.command == "run":
            return run(extra)
        if args.command == "test":
            return test()
        if args.command == "lint":
            return 0 if lint() else 1
        if args.command == "bench":
            return bench()
        if args.command == "pg-start":
            start_private_cluster()
            return 0
        if args.command == "pg-stop":
            stop_private_cluster()
            return 0
        if args.command == "doctor":
            return doctor()
    except SuiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 1
