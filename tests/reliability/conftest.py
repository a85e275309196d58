"""Reliability fixtures: committed test data, a real Odoo server and RPC clients.

The reliability tests run against the database `make test` installed (SMB_ODOO_RC /
SMB_TEST_DB), which other suite-level tests share: what they create is committed only
where a server must see it, under unique names, and removed at the end of the session.
"""

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT = 120  # seconds; the registry loads ~70 modules


@pytest.fixture(scope="session")
def run_id():
    """A short token that makes the names of this run's records unique."""
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def committed(odoo_db):
    """`committed()` opens a superuser environment whose work is committed on exit."""
    odoo, db = odoo_db
    from odoo.modules.registry import Registry

    @contextlib.contextmanager
    def environment():
        with Registry(db).cursor() as cr:  # commits on a clean exit, rolls back on an error
            yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})

    return environment


def create_user(env, login, groups, *, company=None, partner=None, password=False, **values):
    """An active user with exactly `groups` (xml ids), in `company` only; `password`: the login."""
    from odoo import Command

    company = company or env.ref("base.main_company")
    values = {
        "name": login.replace("_", " ").title(),
        "login": login,
        "email": f"{login}@reliability.example.com",
        "groups_id": [Command.set([env.ref(xmlid).id for xmlid in groups])],
        "company_id": company.id,
        "company_ids": [Command.set(company.ids)],
        "tz": "UTC",
        **values,
    }
    if partner:
        values["partner_id"] = partner.id
    if password:
        values["password"] = login
    return (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nosubscribe=True, mail_notrack=True)
        .create(values)
    )


# -- a real server ----------------------------------------------------------------------------
@pytest.fixture(scope="package")  # torn down before the destructive tests run
def odoo_server(odoo_db):
    """Base URL of an Odoo server started on a free port against the test database."""
    from tools import suite

    db = odoo_db[1]
    with tempfile.TemporaryDirectory(prefix="smb-reliability-") as tmp:
        server = suite.running_server(
            os.environ["SMB_ODOO_RC"],
            db,
            "--workers=0",
            "--log-level=warn",
            logfile=Path(tmp) / "server.log",
            timeout=SERVER_START_TIMEOUT,
        )
        try:
            url, _process = server.__enter__()
        except suite.SuiteError as exc:
            pytest.fail(str(exc))
        try:
            yield url
        finally:
            server.__exit__(None, None, None)


class RpcError(Exception):
    """An error answered by the server: `name` is the exception class, `message` what the user sees."""

    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        self.debug = data.get("debug", "")
        super().__init__(f"{self.name}: {self.message}")


class JsonRpc:
    """The external API (/jsonrpc, service `object`) as one user."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        self.uid = self._call("common", "login", db, login, password)
        assert self.uid, f"{login} cannot log in"

    def _call(self, service, method, *args):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1}
        payload["params"] = {"service": service, "method": method, "args": list(args)}
        answer = requests.post(f"{self.url}/jsonrpc", json=payload, timeout=120).json()
        if "error" in answer:
            raise RpcError(answer["error"])
        return answer.get("result")  # Odoo leaves out a None result

    def __call__(self, model, method, *args, **kwargs):
        return self._call(
            "object", "execute_kw", self.db, self.uid, self.password, model, method, args, kwargs
        )


def refused(call):
    """The server's answer to `call` (an RPC), which must be a refusal in words, no traceback."""
    with pytest.raises(RpcError) as caught:
        call()
    assert "Traceback" not in caught.value.message
    return caught.value


def web_session(url, db, login, password):
    """A `requests.Session` logged in through /web/session/authenticate (cookie session)."""
    session = requests.Session()
    payload = {"jsonrpc": "2.0", "method": "call", "params": {"db": db, "login": login, "password": password}}
    answer = session.post(f"{url}/web/session/authenticate", json=payload, timeout=60).json()
    assert answer.get("result", {}).get("uid"), f"{login} cannot open a web session: {answer}"
    return session


def call_kw(session, url, model, method, *args, **kwargs):
    """What the web client does: /web/dataset/call_kw with the session cookie."""
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1}
    payload["params"] = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
    answer = session.post(f"{url}/web/dataset/call_kw/{model}/{method}", json=payload, timeout=120).json()
    if "error" in answer:
        raise RpcError(answer["error"])
    return answer["result"]


# -- committed data the server sees -------------------------------------------------------------
PHONE, MOBILE, EMAIL, STREET = (
    "+86 21 6123 4567",
    "+86 139 1234 5678",
    "secret.boss@pooled.example.com",
    "1 Secret Road",
)
SECRETS = ("6123 4567", "1234 5678", "secret.boss", "Secret Road")


@pytest.fixture(scope="package")  # torn down before the destructive tests run
def pool_data(odoo_db, committed, run_id):
    """Committed data: a masking customer pool and lead pool with a member, a service agent
    member and an administrator (logins; each password is the login), one customer and one lead
    waiting in them, a request of that customer, customers with formula-like names owned by
    the member. Everything is removed when the reliability tests are done."""
    from odoo import Command

    tag = f"rel{run_id}"
    with committed() as env:
        member = create_user(
            env,
            f"{tag}_member",
            ["sales_team.group_sale_salesman", "base.group_allow_export"],
            password=True,
        )
        admin = create_user(env, f"{tag}_admin", ["crm_smb_followup.group_pool_admin"], password=True)
        # Like the demo service agent: a salesman (a pool member) who also handles service requests.
        agent = create_user(
            env,
            f"{tag}_agent",
            [
                "sales_team.group_sale_salesman",
                "crm_smb_service.group_service_user",
                "base.group_allow_export",
            ],
            password=True,
        )
        contact = {"phone": PHONE, "mobile": MOBILE, "email": EMAIL, "street": STREET}
        stage = env["crm.smb.followup.stage"].search([], limit=1)
        pool = env["crm.smb.pool"].create(
            {
                "name": f"{tag} masked customers",
                "pool_type": "customer",
                "mask_contact_details": True,
                "member_ids": [Command.set((member | agent).ids)],
                "admin_ids": [Command.set(admin.ids)],
            }
        )
        lead_pool = env["crm.smb.pool"].create(
            {
                "name": f"{tag} masked leads",
                "pool_type": "lead",
                "mask_contact_details": True,
                "member_ids": [Command.set(member.ids)],
                "admin_ids": [Command.set(admin.ids)],
            }
        )
        # In the pool: a follow-up stage but no level, so the data-health export lists it.
        customer = env["res.partner"].create(
            {
                "name": f"{tag} Pooled Customer",
                "is_company": True,
                "customer_rank": 1,
                "followup_stage_id": stage.id,
                "pool_id": pool.id,
                "pool_state": "pool",
                **contact,
            }
        )
        lead = env["crm.lead"].create(
            {
                "name": f"{tag} Pooled Lead",
                "type": "lead",
                "user_id": False,
                "pool_id": lead_pool.id,
                "pool_state": "pool",
                "phone": PHONE,
                "mobile": MOBILE,
                "email_from": EMAIL,
                "street": STREET,
            }
        )
        request = env["crm.smb.service.request"].create(
            {"name": f"{tag} pump leaks", "partner_id": customer.id, "user_id": agent.id}
        )
        formulas = env["res.partner"].create(
            [
                {"name": name, "is_company": True, "customer_rank": 1, "user_id": member.id}
                for name in (
                    f'=HYPERLINK("http://evil.example.com/{tag}","{tag}")',
                    f"=1+1 {tag}",
                    f"@SUM(1) {tag}",
                )
            ]
        )
        rule = env["crm.smb.pool.rule"].create(
            {"name": f"{tag} rule", "pool_id": pool.id, "days_without_followup": 30, "warning_days": 3}
        )
        followup = env["crm.smb.followup"].create(
            {"partner_id": formulas[1].id, "user_id": member.id, "summary": f"=1+1 {tag}"}
        )
        data = {
            "tag": tag,
            "member": member.login,
            "admin": admin.login,
            "agent": agent.login,
            "request_id": request.id,
            "rule_id": rule.id,
            "followup_id": followup.id,
            "pool_id": pool.id,
            "customer_id": customer.id,
            "lead_id": lead.id,
            "formula_names": formulas.mapped("name"),
        }
    try:
        yield data
    finally:
        with committed() as env:
            env["crm.smb.service.request"].search([("name", "like", tag)]).unlink()
            env["crm.lead"].with_context(active_test=False).search([("name", "like", tag)]).unlink()
            env["crm.smb.followup"].search([("summary", "like", tag)]).unlink()
            partners = env["res.partner"].with_context(active_test=False).search([("name", "like", tag)])
            env["crm.smb.pool.history"].search([("pool_id", "in", [pool.id, lead_pool.id])]).unlink()
            env["crm.smb.pool"].browse([pool.id, lead_pool.id]).unlink()
            users = env["res.users"].with_context(active_test=False).search([("login", "like", tag)])
            user_partners = users.partner_id
            users.unlink()
            (partners | user_partners).unlink()
