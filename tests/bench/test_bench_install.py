"""Installing the suite onto a company's existing database (target ≤ 3× the time and ≤ 1.3× the
peak memory of installing it into the same database empty).

A company that adopts the suite already runs Odoo's CRM, Sales and Invoicing with years of
customers and leads. Two databases get the same Odoo modules (the suite's dependencies, without
demo data); one of them is then filled, in SQL, with the scale's customers (companies and a
contact person each) and leads, typed the way salespeople type phone numbers and company names.
`-i crm_smb_reports` is then run into a copy of each, in its own process, timed, with the peak
resident memory of that process (from the kernel's accounting of the child).
"""

import contextlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import check_target, table

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
TIME_TARGET = 3.0
MEMORY_TARGET = 1.3
# Odoo's modules the suite needs, installed before the suite, as a company runs them.
BASE_MODULES = "crm,contacts,sale_management,account,digest,portal,rating,resource"
COUNTS = {  # companies, leads (each company also has a contact person)
    "S": (1_000, 3_000),
    "M": (20_000, 60_000),
    "L": (100_000, 300_000),
}

# Rows as a company's database holds them: landlines and mobiles in the forms people type them
# (dashes, spaces, +86), company names with their legal form, one lead in three without customer.
FILL_SQL = """
INSERT INTO res_partner (
    name, complete_name, is_company, type, active, lang, email, email_normalized, phone, mobile,
    city, autopost_bills, create_uid, write_uid, create_date, write_date)
SELECT name, name, TRUE, 'contact', TRUE, 'zh_CN', email, email,
       CASE n %% 3 WHEN 0 THEN '0571-' || (80000000 + n)
                   WHEN 1 THEN '+86 571 ' || (80000000 + n)
                   ELSE '0571 ' || (80000000 + n) END,
       CASE WHEN n %% 2 = 0
            THEN '138 ' || lpad((n %% 10000)::text, 4, '0') || ' ' || lpad((n / 10000)::text, 4, '0') END,
       '杭州', 'ask', 1, 1, now() - (n %% 700) * interval '1 day', now()
  FROM (SELECT n, 'info' || n || '@company' || n || '.cn' AS email,
               '杭州' || substr('星辰华瑞恒达鑫源金泰宏盛东方信诚博远嘉禾永安天成', 1 + n %% 24, 2) || n
               || (ARRAY['科技', '贸易', '机械', '电子'])[1 + n %% 4]
               || (ARRAY['有限公司', '股份有限公司'])[1 + n %% 2] AS name
          FROM generate_series(1, %(companies)s) AS n) AS source;
UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL;
INSERT INTO res_partner (
    name, complete_name, parent_id, commercial_partner_id, is_company, type, active, lang, email,
    email_normalized, mobile, city, autopost_bills, create_uid, write_uid, create_date, write_date)
SELECT '王' || company.id, company.name || ', 王' || company.id, company.id, company.id, FALSE,
       'contact', TRUE, 'zh_CN', 'wang' || company.id || '@company.cn', 'wang' || company.id || '@company.cn',
       '139' || lpad((company.id %% 100000000)::text, 8, '0'), '杭州', 'ask', 1, 1,
       company.create_date, company.write_date
  FROM res_partner company WHERE company.is_company AND company.id > %(floor)s;
INSERT INTO crm_lead (
    name, type, active, user_id, team_id, company_id, stage_id, partner_id, partner_name,
    contact_name, email_from, email_normalized, phone, priority, probability,
    automated_probability, expected_revenue, prorated_revenue, date_open, date_last_stage_update,
    create_uid, write_uid, create_date, write_date)
SELECT 'ERP 系统 ' || n, CASE WHEN n %% 3 = 0 THEN 'lead' ELSE 'opportunity' END, TRUE,
       %(user)s, %(team)s, %(company)s, %(stage)s, partner.id, partner.name, '李' || n,
       'li' || n || '@lead.cn', 'li' || n || '@lead.cn',
       CASE n %% 2 WHEN 0 THEN '0571-' || (90000000 + n)
                   ELSE '+86 138 ' || lpad((n %% 100000000)::text, 8, '0') END,
       '1', 10, 10, 1000 + n %% 9000, (1000 + n %% 9000) * 0.1,
       now() - (n %% 700) * interval '1 day', now() - (n %% 700) * interval '1 day', 1, 1,
       now() - (n %% 700) * interval '1 day', now()
  FROM generate_series(1, %(leads)s) AS n
  LEFT JOIN res_partner partner
         ON n %% 3 <> 0 AND partner.id = %(floor)s + 1 + (n %% %(companies)s) AND partner.is_company;
"""


def _install(conf, database, modules):
    """The command that installs `modules` into `database` as every tool of the suite does."""
    from tools import suite

    command = suite.install_command(
        suite.find_odoo(),
        conf,
        database,
        modules,
        "--without-demo=all",
        "--no-http",
        "--max-cron-threads=0",
        "--log-level=warn",
    )
    return command, suite.odoo_environ()


def _run_measured(conf, database, modules):
    """Install `modules` into `database`; (seconds, peak resident MiB of that process)."""
    command, environ = _install(conf, database, modules)
    start = time.perf_counter()
    process = subprocess.Popen(command, env=environ)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0, f"installing {modules} into {database} failed ({process.returncode})"
    return seconds, usage.ru_maxrss / 1024


def _connect(conf, database):
    import odoo.sql_db
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "-d", database, "--log-level=warn", "--max-cron-threads=0"])
    return odoo.sql_db.db_connect(database)


def _admin(conf, statement, *names):
    """Run a database statement (CREATE/ALTER/DROP DATABASE: outside a transaction)."""
    import odoo.sql_db
    from odoo.tools import SQL

    with contextlib.closing(_connect(conf, "postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        for name in names:  # nobody else may be connected to a database copied, renamed or dropped
            odoo.sql_db.close_db(name)
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
        cr.execute(SQL(statement, *(SQL.identifier(name) for name in names)))
        return cr.fetchall() if cr.description else None


def _exists(conf, name):
    with contextlib.closing(_connect(conf, "postgres").cursor()) as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def _copy(conf, template, name):
    _drop(conf, name)
    _admin(conf, "CREATE DATABASE %s TEMPLATE %s", name, template)


def _drop(conf, name):
    if _exists(conf, name):
        _admin(conf, "DROP DATABASE %s", name)


def _base_database(conf, name, scale):
    """`name` with Odoo's modules (and, for a scale, its customers and leads); kept for next runs."""
    if _exists(conf, name):
        return
    # Built under another name, renamed once complete: an interrupted build is not reused.
    building = f"{name}_building"
    _drop(conf, building)
    command, environ = _install(conf, building, BASE_MODULES)
    subprocess.run(command, env=environ, check=True)
    if scale is not None:
        _fill(conf, building, scale)
    _admin(conf, "ALTER DATABASE %s RENAME TO %s", building, name)


def _fill(conf, name, scale):
    companies, leads = COUNTS[scale]
    import odoo.sql_db

    connection = _connect(conf, name)
    with connection.cursor() as cr:
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
        floor = cr.fetchone()[0]
        cr.execute("SELECT id FROM crm_team ORDER BY id LIMIT 1")
        team = cr.fetchone()[0]
        cr.execute("SELECT id FROM crm_stage ORDER BY sequence, id LIMIT 1")
        stage = cr.fetchone()[0]
        cr.execute(
            FILL_SQL,
            {
                "companies": companies,
                "leads": leads,
                "floor": floor,
                "user": 2,
                "team": team,
                "company": 1,
                "stage": stage,
            },
        )
        cr.execute("ANALYZE")
        cr.commit()
    odoo.sql_db.close_db(name)


def test_install_onto_an_existing_database(bench_scale, results):
    conf = os.environ.get("SMB_ODOO_RC")
    if not conf:
        pytest.fail("Run the benchmarks through `make bench` (SMB_ODOO_RC is not set).")
    scale = bench_scale.lower()
    empty_base, full_base = "crm_smb_install_base_empty", f"crm_smb_install_base_{scale}"
    _base_database(conf, empty_base, None)
    _base_database(conf, full_base, bench_scale)
    with _connect(conf, full_base).cursor() as cr:
        cr.execute("SELECT (SELECT count(*) FROM res_partner), (SELECT count(*) FROM crm_lead)")
        counts = cr.fetchone()
    measured = {}
    for label, base in (("empty", empty_base), ("existing", full_base)):
        target = f"{base}_target"
        _copy(conf, base, target)
        try:
            measured[label] = _run_measured(conf, target, "crm_smb_reports")
        finally:
            _drop(conf, target)
    (empty_s, empty_mib), (full_s, full_mib) = measured["empty"], measured["existing"]
    time_ratio, memory_ratio = full_s / empty_s, full_mib / empty_mib
    table(
        f"Install of crm_smb_reports (scale {bench_scale}: {counts[0]:,} partners, {counts[1]:,} leads)",
        ("database", "seconds", "peak MiB"),
        [
            ("empty (same modules, no rows)", f"{empty_s:.1f}", f"{empty_mib:.0f}"),
            ("existing customers and leads", f"{full_s:.1f}", f"{full_mib:.0f}"),
            ("ratio", f"{time_ratio:.2f}×", f"{memory_ratio:.2f}×"),
        ],
    )
    results["install"] = {
        "partners": counts[0],
        "leads": counts[1],
        "empty_seconds": round(empty_s, 1),
        "empty_peak_mib": round(empty_mib),
        "existing_seconds": round(full_s, 1),
        "existing_peak_mib": round(full_mib),
        "time_ratio": round(time_ratio, 2),
        "memory_ratio": round(memory_ratio, 2),
    }
    check_target(bench_scale, time_ratio <= TIME_TARGET, f"install time {time_ratio:.2f}× > {TIME_TARGET}×")
    check_target(
        bench_scale,
        memory_ratio <= MEMORY_TARGET,
        f"install peak memory {memory_ratio:.2f}× > {MEMORY_TARGET}×",
    )
