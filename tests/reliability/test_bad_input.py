"""Bad input ends in a clear, translated message and loses nothing (issue #7, 3f).

Each test feeds what a careless or hostile user sends: impossible pool rules, HTML with
scripts, spreadsheet formulas as names, an export bigger than a sheet, broken emails to
the service alias, a garbage import row. The answer must be a UserError/ValidationError
in the user's language (zh_CN here), never a traceback, and the data before it unchanged.
"""

import io
import re
from datetime import datetime

import openpyxl
import pytest

from .conftest import JsonRpc, RpcError, create_user, web_session

pytestmark = pytest.mark.db

CJK = re.compile(r"[\u4e00-\u9fff]")
SALESMAN = "sales_team.group_sale_salesman"


@pytest.fixture
def zh_env(odoo_env):
    """The rolled-back superuser environment, with Chinese (zh_CN) active for the users made here."""
    odoo_env["res.lang"]._activate_lang("zh_CN")
    yield odoo_env
    odoo_env.registry.clear_all_caches()  # the language's activation is rolled back too


def user(env, login, groups, **values):
    return create_user(env, login, groups, lang="zh_CN", **values)


def assert_clear(exc_info):
    """A user error (not a crash), in Chinese, without technical noise."""
    from odoo.exceptions import UserError

    error = exc_info.value
    assert isinstance(error, UserError), f"{type(error).__name__} is no user error: {error}"
    message = str(error)
    assert CJK.search(message), f"not translated: {message}"
    for noise in ("Traceback", "LINE 1", "SELECT"):
        assert noise not in message, f"{noise!r} in the message: {message}"
    return message


# -- invalid pool rules --------------------------------------------------------------------------
BAD_RULES = {
    "negative days": {"days_without_followup": -3},
    "a hundred million days (overflows dates)": {"days_without_followup": 100000000},
    "no trigger": {"days_without_followup": 0},
    "warning after the deadline": {"warning_days": 45},
    "unknown field": {"domain": "[('no_such_field', '=', 1)]"},
    "unclosed domain": {"domain": "[('name', 'ilike',"},
    "not a domain": {"domain": "42"},
    "code instead of a domain": {"domain": "__import__('os').system('true')"},
    "a date the database refuses": {"domain": "[('date_claimed', '>', 'soon')]"},
}


def test_invalid_pool_rules_are_refused_and_change_nothing(zh_env, run_id):
    from odoo import Command
    from odoo.exceptions import ValidationError

    env = zh_env
    admin = user(env, f"relb{run_id}_padm", ["crm_smb_followup.group_pool_admin"])
    pool = env["crm.smb.pool"].create({"name": f"relb{run_id}", "admin_ids": [Command.set(admin.ids)]})
    Rule = env["crm.smb.pool.rule"].with_user(admin).with_context(lang="zh_CN")
    rule = Rule.create({"name": "Thirty days", "pool_id": pool.id, "days_without_followup": 30})
    other = Rule.create({"name": "Sixty days", "pool_id": pool.id, "days_without_followup": 60})
    fields_ = ["name", "domain", "days_without_followup", "days_without_win", "warning_days"]
    before = rule.read(fields_), other.read(fields_)
    for case, values in BAD_RULES.items():
        with pytest.raises(ValidationError) as exc_info, env.cr.savepoint():
            rule.write(values)
            rule.flush_recordset()
        assert_clear(exc_info)
        with pytest.raises(ValidationError) as exc_info, env.cr.savepoint():
            Rule.create({"name": case, "pool_id": pool.id, "days_without_followup": 30, **values})
            env.flush_all()
        assert_clear(exc_info)
        env.invalidate_all()
        assert (rule.read(fields_), other.read(fields_)) == before, f"{case}: the rules changed"
        assert Rule.search_count([("pool_id", "=", pool.id)]) == 2, f"{case}: a bad rule was created"


def test_invalid_pool_rule_over_rpc_is_a_validation_error(odoo_server, odoo_db, pool_data):
    admin = JsonRpc(odoo_server, odoo_db[1], pool_data["admin"], pool_data["admin"])
    rule_id = pool_data["rule_id"]
    fields_ = ["domain", "days_without_followup", "warning_days"]
    before = admin("crm.smb.pool.rule", "read", [rule_id], fields_)
    for values in BAD_RULES.values():
        with pytest.raises(RpcError) as exc_info:
            admin("crm.smb.pool.rule", "write", [rule_id], values)
        assert exc_info.value.name == "odoo.exceptions.ValidationError", exc_info.value
        assert "LINE 1" not in exc_info.value.message
    assert admin("crm.smb.pool.rule", "read", [rule_id], fields_) == before
    count = admin("crm.smb.pool.rule", "search_count", [("pool_id", "=", pool_data["pool_id"])])
    assert count == 1, "only the rule of the fixture"


# -- HTML with scripts ----------------------------------------------------------------------------
EVIL_HTML = (
    "<p>Visited <b>the plant</b> today</p><script>alert(document.cookie)</script>"
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">open</a>'
    '<iframe src="https://evil.example.com"></iframe><p style="color:red" onclick="steal()">Next: quote</p>'
)


def assert_sanitized(html, where):
    html = str(html)
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe"):
        assert bad not in html, f"{where}: {bad!r} kept in {html}"
    for kept in ("Visited <b>the plant</b> today", "Next: quote"):
        assert kept in html, f"{where}: the user's text {kept!r} was lost: {html}"


def test_script_tags_are_removed_from_html_fields(odoo_env, run_id):
    from odoo import Command

    env = odoo_env
    tag = f"relh{run_id}"
    salesman = create_user(env, f"{tag}_sales", [SALESMAN])
    agent = create_user(env, f"{tag}_svc", ["crm_smb_service.group_service_user"])
    customer = env["res.partner"].create({"name": tag, "is_company": True, "user_id": salesman.id})
    followup = (
        env["crm.smb.followup"]
        .with_user(salesman)
        .create({"partner_id": customer.id, "summary": "Visit", "content": EVIL_HTML})
    )
    assert_sanitized(followup.content, "follow-up notes (create)")
    followup.with_user(salesman).write({"content": EVIL_HTML + "<p>Corrected</p>"})
    assert_sanitized(followup.content, "follow-up notes (write)")
    assert "Corrected" in followup.content

    team = env["crm.smb.service.team"].create({"name": tag, "member_ids": [Command.set(agent.ids)]})
    Request = env["crm.smb.service.request"]
    request = Request.with_user(agent).create(
        {"name": "Pump", "partner_id": customer.id, "team_id": team.id, "description": EVIL_HTML}
    )
    assert_sanitized(request.description, "service request description")
    request.with_user(agent).write({"resolution": EVIL_HTML})
    assert_sanitized(request.resolution, "service request resolution")
    # The portal form creates the customer's request as superuser: sanitized all the same.
    portal_request = Request.sudo().create(
        {"name": "Portal", "partner_id": customer.id, "description": EVIL_HTML}
    )
    assert_sanitized(portal_request.description, "portal request description")


# -- formulas in spreadsheet exports ------------------------------------------------------------
def test_xlsx_export_keeps_formula_like_text_as_text(odoo_server, odoo_db, pool_data):
    login = pool_data["member"]
    session = web_session(odoo_server, odoo_db[1], login, login)

    def workbook(path):
        response = session.get(f"{odoo_server}/crm_smb/xlsx/{path}", timeout=120)
        assert response.status_code == 200, response.text[:500]
        return openpyxl.load_workbook(io.BytesIO(response.content)).active

    def cells(sheet):
        header = [cell.value for cell in sheet[1]]
        return header, list(sheet.iter_rows(min_row=2))

    header, rows = cells(workbook("crm.smb.customer.report"))
    column = header.index("Customer")
    by_name = {row[column].value: row[column] for row in rows}
    for name in pool_data["formula_names"]:
        assert name in by_name, f"{name} is exported"
        assert by_name[name].data_type == "s", f"{name} became a formula"
    formulas = [cell.value for row in rows for cell in row if cell.data_type == "f"]
    assert all(value.startswith("=SUBTOTAL(") for value in formulas), f"formulas besides totals: {formulas}"

    header, rows = cells(workbook(f"crm.smb.followup?ids={pool_data['followup_id']}"))
    summary = rows[0][header.index("Summary")]
    assert (summary.value, summary.data_type) == (f"=1+1 {pool_data['tag']}", "s")


# -- more rows than a sheet holds ----------------------------------------------------------------
def test_export_over_the_sheet_limit_is_refused_clearly(zh_env, run_id, monkeypatch):
    from odoo.exceptions import UserError

    from odoo.addons.crm_smb_followup.models import crm_smb_xlsx_export

    env = zh_env
    salesman = user(env, f"relx{run_id}_sales", [SALESMAN])
    customers = env["res.partner"].create(
        [
            {"name": f"relx{run_id} {i}", "is_company": True, "customer_rank": 1, "user_id": salesman.id}
            for i in range(4)
        ]
    )
    Report = env["crm.smb.customer.report"].with_user(salesman).with_context(lang="zh_CN")
    assert Report._xlsx_content().startswith(b"PK"), "within the limit: a workbook"
    monkeypatch.setattr(crm_smb_xlsx_export, "SHEET_MAX_ROWS", 5)  # header + 3 rows + total
    with pytest.raises(UserError) as exc_info:
        Report._xlsx_content()
    assert "4" in assert_clear(exc_info), "the message says how many rows"
    check = env["crm.smb.data.check"].with_user(salesman).with_context(lang="zh_CN").create({})
    with pytest.raises(UserError) as exc_info:
        check._xlsx_content()
    assert_clear(exc_info)
    assert customers.exists() == customers and set(customers.mapped("user_id")) == {salesman}


# -- broken emails to the service alias -----------------------------------------------------------
def test_malformed_email_to_the_service_alias(odoo_env, run_id):
    """Each message becomes one whole request, or is refused as unroutable: nothing half-made."""
    env = odoo_env
    tag = f"relmail{run_id}"
    domain = env["mail.alias.domain"].create({"name": f"{tag}.example.com"})
    team = env["crm.smb.service.team"].create(
        {
            "name": tag,
            "alias_name": f"service-{tag}",
            "alias_domain_id": domain.id,
            "alias_contact": "everyone",
        }
    )
    to = f"service-{tag}@{tag}.example.com"
    head = f"To: {to}\nMessage-ID: <{{}}-{tag}@example.com>\n"
    routable = {
        "no sender": (
            head.format(1) + "Subject: No sender\nContent-Type: text/plain\n\nThe pump stops.\n"
        ).encode(),
        "garbage headers": (
            head.format(2)
            + "From: =?utf-8?B?!!!notbase64?= <<<>>>\nSubject: =?bogus?X?zz?= =?gb2312?Q?=BA=C3?=\n"
            "Date: yesterday at noon\nX-\x01Weird: \x02\x03\nContent-Type: multipart/mixed\n\nno boundary\n"
        ).encode("latin-1"),
        "not UTF-8 although declared": head.format(3).encode()
        + b"From: Li <li@"
        + tag.encode()
        + b".example.com>\nSubject: Bad bytes\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        + "打印机坏了".encode("gbk")
        + b" \xff\xfe\xc3\x28\n",
        "undeclared 8-bit HTML with a script": head.format(4).encode()
        + b"From: wang@"
        + tag.encode()
        + b".example.com\nSubject: Html\nContent-Type: text/html\n\n"
        b"<p>Caf\xe9 machine leaks</p><script>alert(1)</script>\n",
    }
    unroutable = {
        "empty": b"",
        "not an email": b"\x00\x01 not an email at all \xff\xfe",
        "no recipient": b"From: a@b.c\n\n",
    }
    Request, Partner = env["crm.smb.service.request"], env["res.partner"].with_context(active_test=False)

    def counts():
        return Request.search_count([]), Partner.search_count([]), env["mail.message"].search_count([])

    for case, raw in routable.items():
        requests = counts()[0]
        last_partner = Partner.search([], order="id desc", limit=1).id
        with env.cr.savepoint():
            request = Request.browse(env["mail.thread"].message_process(None, raw))
        assert counts()[0] == requests + 1, f"{case}: one request"
        assert request.number.startswith("SR") and request.name and request.channel == "email", case
        assert request.team_id == team, case
        assert "<script" not in str(request.description or ""), case
        created = Partner.search([("id", ">", last_partner)])
        assert created <= request.partner_id | request.contact_id, (
            f"{case}: a stray contact {created.mapped('name')}"
        )
    for case, raw in unroutable.items():
        before = counts()
        with pytest.raises(ValueError, match="No possible route"), env.cr.savepoint():
            env["mail.thread"].message_process(None, raw)
        assert counts() == before, f"{case}: nothing written"


# -- a garbage import row -------------------------------------------------------------------------
def test_import_with_a_bad_row_imports_nothing(zh_env, run_id):
    env = zh_env
    tag = f"reli{run_id}"
    salesman = user(env, f"{tag}_sales", [SALESMAN])
    env["res.partner"].create({"name": tag, "is_company": True, "user_id": salesman.id})
    Followup = env["crm.smb.followup"]
    long_text = "很长的记录" * 20000  # 100,000 characters
    options = {
        "has_headers": True,
        "quoting": '"',
        "separator": ",",
        "encoding": "utf-8",
        "date_format": "%Y-%m-%d",
        "datetime_format": "%Y-%m-%d %H:%M:%S",
    }
    fields_ = ["partner_id", "summary", "date", "attitude"]

    def run(rows):
        text = "Customer,Summary,Date,Attitude\n" + "".join(",".join(row) + "\n" for row in rows)
        wizard = (
            env["base_import.import"]
            .with_user(salesman)
            .with_context(lang="zh_CN")
            .create({"res_model": Followup._name, "file": text.encode(), "file_type": "text/csv"})
        )
        return wizard.execute_import(fields_, fields_, dict(options))

    good = [tag, "Called", "2026-05-01 10:00:00", "interested"]
    bad_rows = {
        "overlong garbage row": [tag, long_text, "2026-13-45 99:99:99", "furious", "extra", "cells"],
        "unknown customer": ["no such customer " + tag, long_text, "2026-05-01 10:00:00", "interested"],
        "unknown attitude": [tag, "Called", "2026-05-01 10:00:00", "furious"],
    }
    before = Followup.search_count([])
    for case, bad in bad_rows.items():
        result = run([good, bad])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        assert errors, f"{case}: the error is reported"
        assert all(CJK.search(m["message"]) for m in errors), f"{case}: {errors}"
        assert not result.get("ids"), f"{case}: nothing imported"
        assert Followup.search_count([]) == before, f"{case}: nothing imported"
    # A long text alone is no error: it is imported whole, not cut.
    result = run([good, [tag, long_text, "2026-05-02 10:00:00", "neutral"]])
    assert not result["messages"] and len(result["ids"]) == 2
    imported = Followup.browse(result["ids"])
    assert imported[1].summary == long_text
    assert imported[0].date == datetime(2026, 5, 1, 10, 0)
