"""Attacks on what a public pool hides, through a real server.

A record waiting in a pool (a customer with its contact persons, a lead, an unowned lead of a
waiting customer) is read only by the pool's administrators, the sales managers of its company
and the company's users outside sales; members see it through crm.smb.pool.customer/lead, whose
contact details are hints. Each row of `attacks()` below is one attempt, by one actor, over
JSON-RPC, a web session or a report route, to get more: the contact details themselves (the
secrets of this run, searched for in every answer and error), and for strangers (another
salesman, a portal user, another company) also the name of a waiting record or its owner.
"refused" rows must raise, "nothing" rows answer without a secret; every row must leave the
watched records as they were (checked as superuser after each row, and put back if not).
The rows of `controls()`, run after the attacks, show that those who should still can.
"""

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
import requests

from .conftest import JsonRpc, RpcError, create_user, web_session

pytestmark = pytest.mark.db

SALESMAN = "sales_team.group_sale_salesman"
SALES_MANAGER = "sales_team.group_sale_manager"
POOL_ADMIN = "crm_smb_followup.group_pool_admin"
SERVICE_USER = "crm_smb_service.group_service_user"
EXPORT = "base.group_allow_export"

# Actors of the main company (their groups, exactly): the pool member, a salesman who is not
# one, the pool administrator, the sales manager, an accountant without sales rights, and a
# salesman who also handles service requests. "portal" and "co2" are made apart.
USERS = {
    "member": [SALESMAN, EXPORT],
    "outsider": [SALESMAN, EXPORT],
    "admin": [POOL_ADMIN, EXPORT],
    "manager": [SALES_MANAGER, EXPORT],
    "accountant": ["account.group_account_invoice"],
    "agent": [SALESMAN, SERVICE_USER, EXPORT],
}
# Who may not learn the name of a waiting record, nor who owns a record of a pool.
STRANGERS = ("outsider", "portal", "co2")
SNOOPS = ("member", *STRANGERS)
# Models a portal user has no access right on at all (a search there is refused, not empty).
PORTAL_CLOSED = ("crm.lead", "crm.smb.pool.customer", "crm.smb.pool.lead")

PARTNER_CONTACT = ["name", "phone", "mobile", "wechat", "email", "street"]
LEAD_CONTACT = ["name", "phone", "email_from", "street"]
MASK = "******"
FAR = "2099-01-01 00:00:00"
CLAIM_REFUSAL = "Only records waiting in a public pool of yours can be claimed."


def secret_values(run_id):
    """This run's hidden contact details, and the tokens that would betray them in an answer
    (digits and words with no space, dot or dash: answers are compared without those)."""
    digits = f"{int(run_id, 16) % 10**4:04d}"

    def phone(n):
        return f"+86 21 {digits}70{n:02d}"

    values = {
        "customer_phone_old": phone(0),
        "customer_phone": phone(1),
        "customer_mobile": f"+86 139 {digits}7002",
        "customer_email_old": f"old.cvault{run_id}@cdomain{run_id}.example",
        "customer_email": f"boss.cvault{run_id}@cdomain{run_id}.example",
        "customer_street": f"1 Cstreet{run_id} Road",
        "contact_phone": phone(3),
        "contact_email": f"kid.kvault{run_id}@cdomain{run_id}.example",
        "former_phone": phone(4),
        "former_email": f"f.fvault{run_id}@fdomain{run_id}.example",
        "former_street": f"4 Fstreet{run_id} Road",
        "lead_phone": phone(5),
        "lead_email_old": f"old.lvault{run_id}@ldomain{run_id}.example",
        "lead_email": f"l.lvault{run_id}@ldomain{run_id}.example",
        "lead_street": f"5 Lstreet{run_id} Road",
    }
    words = (
        "cvault",
        "cdomain",
        "cstreet",
        "kvault",
        "fvault",
        "fdomain",
        "fstreet",
        "lvault",
        "ldomain",
        "lstreet",
    )
    tokens = [f"{digits}70{n:02d}" for n in range(6)] + [f"{word}{run_id}" for word in words]
    # What an attacker would type: the start of a number or an address, never a whole token.
    prefixes = {"phone": f"+86 21 {digits}70%", "email": f"boss.cvault{run_id[:4]}%", "lead": "l.lvault%"}
    return values, tokens, prefixes


# -- committed data the server sees -------------------------------------------------------------
@pytest.fixture(scope="module")
def world(odoo_db, committed, run_id):
    """Pools, actors and records of the attacks (see the module docstring); removed at the end."""
    tag = f"atk{run_id}"
    values, tokens, prefixes = secret_values(run_id)
    with committed() as env:
        ids = build_world(env, tag, values)
    try:
        yield SimpleNamespace(tag=tag, values=values, tokens=tokens, prefixes=prefixes, **ids)
    finally:
        with committed() as env:
            remove_world(env, tag, ids)


def build_world(env, tag, s):
    from odoo import Command

    company_2 = env["res.company"].create({"name": f"{tag} Other Company"})
    users = {role: create_user(env, f"{tag}_{role}", groups, password=True) for role, groups in USERS.items()}
    users["co2"] = create_user(env, f"{tag}_co2", [SALES_MANAGER, EXPORT], company=company_2, password=True)
    member = users["member"]
    Partner, Lead = env["res.partner"], env["crm.lead"]
    portal_company = Partner.create(
        {"name": f"{tag} Portal Company", "is_company": True, "customer_rank": 1, "user_id": member.id}
    )
    buyer = Partner.create({"name": f"{tag} Portal Buyer", "parent_id": portal_company.id})
    users["portal"] = create_user(
        env, f"{tag}_portal", ["base.group_portal", EXPORT], partner=buyer, password=True
    )

    def make_pool(name, pool_type):
        return env["crm.smb.pool"].create(
            {
                "name": f"{tag} {name}",
                "pool_type": pool_type,
                "mask_contact_details": True,
                "member_ids": [Command.set(member.ids)],
                "admin_ids": [Command.set(users["admin"].ids)],
            }
        )

    pool, lead_pool = make_pool("masked customers", "customer"), make_pool("masked leads", "lead")
    customer = Partner.create(
        {
            "name": f"{tag} Waiting Customer",
            "is_company": True,
            "customer_rank": 1,
            "pool_id": pool.id,
            "pool_state": "pool",
            "phone": s["customer_phone_old"],
            "mobile": s["customer_mobile"],
            "email": s["customer_email_old"],
            "street": s["customer_street"],
        }
    )
    # Tracked: the chatter keeps the old and the new number and email.
    customer.write({"phone": s["customer_phone"], "email": s["customer_email"]})
    customer.message_post(body=f"Called back on {s['customer_mobile']}", subtype_xmlid="mail.mt_note")
    contact = Partner.create(
        {
            "name": f"{tag} Contact Person",
            "parent_id": customer.id,
            "phone": s["contact_phone"],
            "email": s["contact_email"],
        }
    )
    stages = env["crm.smb.followup.stage"]
    won, open_stage = (
        stages.search([("is_won", "=", True)], limit=1),
        stages.search([("is_won", "=", False)], limit=1),
    )
    # The member followed this customer up, then it went back to the pool.
    former = Partner.create(
        {
            "name": f"{tag} Former Customer",
            "is_company": True,
            "customer_rank": 1,
            "user_id": member.id,
            "pool_id": pool.id,
            "phone": s["former_phone"],
            "email": s["former_email"],
            "street": s["former_street"],
        }
    )
    Followup = env["crm.smb.followup"]
    old_followup = Followup.create(
        {"partner_id": former.id, "user_id": member.id, "summary": f"{tag} call before the pool"}
    )
    former._pool_put_back(pool, "release")

    def owned(name, user):
        return Partner.create(
            {
                "name": f"{tag} {name}",
                "is_company": True,
                "customer_rank": 1,
                "user_id": user.id,
                "pool_id": pool.id,
                "followup_stage_id": open_stage.id,
            }
        )

    own_customer, their_customer = (
        owned("Own Customer", member),
        owned("Outsider's Customer", users["outsider"]),
    )
    followup = Followup.create(
        {"partner_id": own_customer.id, "user_id": member.id, "summary": f"{tag} call today"}
    )
    lead = Lead.create(
        {
            "name": f"{tag} Waiting Lead",
            "type": "lead",
            "user_id": False,
            "pool_id": lead_pool.id,
            "pool_state": "pool",
            "phone": s["lead_phone"],
            "email_from": s["lead_email_old"],
            "street": s["lead_street"],
        }
    )
    lead.write({"email_from": s["lead_email"]})
    # Without an owner, it waits with its customer (and holds the customer's details).
    unowned_lead = Lead.create(
        {"name": f"{tag} Unowned Lead", "type": "lead", "user_id": False, "partner_id": customer.id}
    )
    claimed_lead = Lead.create(
        {
            "name": f"{tag} Claimed Lead",
            "type": "opportunity",
            "user_id": member.id,
            "pool_id": lead_pool.id,
            "pool_state": "owned",
        }
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_line_ids": [Command.create({"name": f"{tag} pump", "quantity": 1, "price_unit": 100.0})],
        }
    )
    invoice.action_post()
    request = env["crm.smb.service.request"].create(
        {"name": f"{tag} pump leaks", "partner_id": customer.id, "user_id": users["agent"].id}
    )
    rule = env["crm.smb.pool.rule"].create(
        {"name": f"{tag} rule", "pool_id": pool.id, "days_without_followup": 30}
    )
    env.flush_all()
    waiting = (
        (customer | contact | former).waiting_pool_id | unowned_lead.waiting_pool_id | lead.waiting_pool_id
    )
    assert waiting == pool | lead_pool and all(r.waiting_pool_id for r in (contact, former, unowned_lead))
    return {
        "logins": {role: user.login for role, user in users.items()},
        "uids": {role: user.id for role, user in users.items()},
        "company_2": company_2.id,
        "pool": pool.id,
        "lead_pool": lead_pool.id,
        "customer": customer.id,
        "contact": contact.id,
        "former": former.id,
        "own_customer": own_customer.id,
        "their_customer": their_customer.id,
        "lead": lead.id,
        "unowned_lead": unowned_lead.id,
        "claimed_lead": claimed_lead.id,
        "old_followup": old_followup.id,
        "followup": followup.id,
        "won_stage": won.id,
        "invoice": invoice.id,
        "request": request.id,
        "rule": rule.id,
        # What strangers may not learn: the names of waiting (or claimed) records, their owner.
        "hidden_names": [
            *(customer | contact | former).mapped("name"),
            *(lead | unowned_lead | claimed_lead).mapped("name"),
            member.name,
        ],
    }


def remove_world(env, tag, ids):
    invoice = env["account.move"].browse(ids["invoice"]).exists()
    if invoice:
        invoice.button_draft()
        invoice.with_context(force_delete=True).unlink()
    env["crm.smb.service.request"].search([("name", "like", tag)]).unlink()
    env["crm.lead"].with_context(active_test=False).search([("name", "like", tag)]).unlink()
    env["crm.smb.followup"].search([("summary", "like", tag)]).unlink()
    pools = env["crm.smb.pool"].with_context(active_test=False).browse([ids["pool"], ids["lead_pool"]])
    env["crm.smb.pool.history"].search([("pool_id", "in", pools.ids)]).unlink()
    pools.unlink()
    users = env["res.users"].with_context(active_test=False).search([("login", "like", tag)])
    user_partners = users.partner_id
    users.unlink()
    company_2 = env["res.company"].browse(ids["company_2"])
    try:
        with env.cr.savepoint():
            company_2.unlink()
    except Exception:  # noqa: BLE001 - a company that something still uses is archived instead
        company_2.active = False
    partners = env["res.partner"].with_context(active_test=False).search([("name", "like", tag)])
    (partners | user_partners).unlink()


# -- actors -------------------------------------------------------------------------------------
class Refused(Exception):
    """A refusal that is no RPC error: an HTTP status, an import that imported nothing."""

    def __init__(self, name, text):
        self.name, self.message, self.debug = name, text, ""
        super().__init__(f"{name}: {text[:200]}")


class Actor:
    """One user: JSON-RPC calls (`actor(model, method, ...)`) and a web session for the routes."""

    def __init__(self, url, db, login):
        self.url, self.db, self.login = url, db, login
        self.rpc = JsonRpc(url, db, login, login)
        self.uid = self.rpc.uid
        self._session = None

    def __call__(self, model, method, *args, **kwargs):
        return self.rpc(model, method, *args, **kwargs)

    @property
    def web(self):
        if self._session is None:
            self._session = web_session(self.url, self.db, self.login, self.login)
        return self._session

    def get(self, path):
        return answered(self.web.get(f"{self.url}{path}", timeout=300))

    def post_form(self, path, **data):
        page = self.web.get(f"{self.url}/odoo", timeout=60).text
        data["csrf_token"] = re.search(r'csrf_token: "(\w+)"', page)[1]
        return answered(self.web.post(f"{self.url}{path}", data=data, timeout=300))

    def json_route(self, path, **params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        answer = self.web.post(f"{self.url}{path}", json=payload, timeout=120).json()
        if "error" in answer:
            raise RpcError(answer["error"])
        return answer["result"]


def answered(response):
    if response.status_code != 200:
        raise Refused(f"HTTP {response.status_code}", response.text)
    return response


@pytest.fixture(scope="module")
def actors(odoo_server, odoo_db, world):
    return {role: Actor(odoo_server, odoo_db[1], login) for role, login in world.logins.items()}


# -- the rows -----------------------------------------------------------------------------------
@dataclass
class Row:
    category: str
    actor: str
    what: str
    expected: str  # "refused", "nothing" (answers without a secret), "allowed" (a control)
    call: Callable[[Actor, SimpleNamespace], Any]
    check: Callable[[Any, SimpleNamespace], str | None] | None = None  # what is wrong, or None


def refused(category, actor, what, call, check=None):
    return Row(category, actor, what, "refused", call, check)


def nothing(category, actor, what, call, check=None):
    return Row(category, actor, what, "nothing", call, check)


def allowed(category, actor, what, call, check):
    return Row(category, actor, what, "allowed", call, check)


def searched(category, actor, model, what, call):
    """A search: an empty answer, or a refusal where a portal user has no right on the model."""
    if actor == "portal" and model in PORTAL_CLOSED:
        return refused(category, actor, what, call)
    return nothing(category, actor, what, call, empty)


# Checks: what is wrong with an answer (or a refusal), None if nothing.
def empty(result, _d):
    records = result.get("records") if isinstance(result, dict) else result
    return None if not records else f"answered {str(result)[:100]}"


def hints(result, _d):
    return None if MASK in json.dumps(result) else "no hint shown"


def no_warning(result, _d):
    return None if not (result or {}).get("warning") else f"warned: {result['warning']}"


def masked_warning(result, _d):
    """The duplicate is told, as waiting in a pool the user is not a member of (the attack reached it)."""
    message = ((result or {}).get("warning") or {}).get("message", "")
    return None if "not a member" in message else f"warned: {message[:150]!r}"


def claim_refusal(error, _d):
    return None if error.message.strip() == CLAIM_REFUSAL else f"told: {error.message[:150]}"


def validation_error(error, _d):
    ok = error.name == "odoo.exceptions.ValidationError"
    return None if ok else f"{error.name}: {error.message[:150]}"


def http_400(error, _d):
    return None if error.name == "HTTP 400" else error.name


def import_refused(result):
    if not result.get("ids"):
        raise Refused("import refused", json.dumps(result.get("messages")))
    return result


def first_is(field, value):
    """The first record's `field` is `value(d)`."""

    def check(result, d):
        return None if result[0][field] == value(d) else f"{field} is {result[0][field]!r}"

    return check


def secret(key):
    return lambda d: d.values[key]


def hint(key):
    """What a pool member sees of a hidden detail: its first three and last two characters."""
    return lambda d: d.values[key][:3] + MASK + d.values[key][-2:]


def customer_rows(actor):
    p = "res.partner"
    return [
        refused(
            "read",
            actor,
            "read the waiting customer",
            lambda a, d: a(p, "read", [d.customer], PARTNER_CONTACT),
        ),
        refused(
            "read", actor, "read its contact person", lambda a, d: a(p, "read", [d.contact], PARTNER_CONTACT)
        ),
        refused(
            "read",
            actor,
            "read phone_sanitized, contact_address_inline, email_normalized",
            lambda a, d: a(
                p, "read", [d.customer], ["phone_sanitized", "contact_address_inline", "email_normalized"]
            ),
        ),
        searched(
            "search",
            actor,
            p,
            "search_read the customer and its contact",
            lambda a, d: a(p, "search_read", [("id", "in", [d.customer, d.contact])], PARTNER_CONTACT),
        ),
        searched(
            "search",
            actor,
            p,
            "search_count phone =like its first digits",
            lambda a, d: a(p, "search_count", [("phone", "=like", d.prefixes["phone"])]),
        ),
        searched(
            "search",
            actor,
            p,
            "search_count email =like its first letters",
            lambda a, d: a(p, "search_count", [("email", "=like", d.prefixes["email"])]),
        ),
        searched(
            "search",
            actor,
            p,
            "name_search its email",
            lambda a, d: a(p, "name_search", d.values["customer_email"]),
        ),
        searched(
            "group",
            actor,
            p,
            "read_group phone:array_agg, email:max",
            lambda a, d: a(
                p,
                "read_group",
                [("phone", "=like", d.prefixes["phone"])],
                ["phone:array_agg", "email:max"],
                ["is_company"],
            ),
        ),
        refused(
            "export",
            actor,
            "export_data phone",
            lambda a, d: a(p, "export_data", [d.customer], ["name", "phone"]),
        ),
        refused(
            "export",
            actor,
            "export_data child_ids/phone",
            lambda a, d: a(p, "export_data", [d.customer], ["child_ids/phone"]),
        ),
        refused(
            "export",
            actor,
            "export_data commercial_partner_id/phone (contact)",
            lambda a, d: a(p, "export_data", [d.contact], ["commercial_partner_id/phone"]),
        ),
        refused(
            "copy", actor, "copy_data the waiting customer", lambda a, d: a(p, "copy_data", [d.customer])
        ),
        refused("copy", actor, "copy the waiting customer", lambda a, d: a(p, "copy", [d.customer])),
        refused(
            "read",
            actor,
            "web_read with child_ids {phone, email}",
            lambda a, d: a(
                p,
                "web_read",
                [d.customer],
                {"phone": {}, "child_ids": {"fields": {"phone": {}, "email": {}}}},
            ),
        ),
    ]


def lead_rows(actor):
    lead = "crm.lead"
    return [
        refused("read", actor, "read the waiting lead", lambda a, d: a(lead, "read", [d.lead], LEAD_CONTACT)),
        refused(
            "read",
            actor,
            "read phone_sanitized, email_domain_criterion (lead)",
            lambda a, d: a(
                lead, "read", [d.lead], ["phone_sanitized", "email_domain_criterion", "email_normalized"]
            ),
        ),
        searched(
            "search",
            actor,
            lead,
            "search_count email_from =like (leads)",
            lambda a, d: a(lead, "search_count", [("email_from", "=like", d.prefixes["lead"])]),
        ),
        refused(
            "read",
            actor,
            "read the unowned lead of the customer",
            lambda a, d: a(lead, "read", [d.unowned_lead], LEAD_CONTACT),
        ),
        refused(
            "export",
            actor,
            "export_data partner_id/phone (unowned lead)",
            lambda a, d: a(lead, "export_data", [d.unowned_lead], ["name", "partner_id/phone"]),
        ),
        searched(
            "search",
            actor,
            lead,
            "search_read the leads of the waiting customer",
            lambda a, d: a(lead, "search_read", [("partner_id", "=", d.customer)], LEAD_CONTACT),
        ),
    ]


def pool_view_rows():
    """The member browses the pools: hints only, never the secret."""
    c, lead = "crm.smb.pool.customer", "crm.smb.pool.lead"
    fields_ = ["name", "phone", "mobile", "email"]
    rows = [
        nothing(
            "pool view",
            "member",
            "read the customer entry",
            lambda a, d: a(c, "read", [d.customer], fields_),
            hints,
        ),
        nothing(
            "pool view",
            "member",
            "search_read the customer pool",
            lambda a, d: a(c, "search_read", [("pool_id", "=", d.pool)], fields_),
            hints,
        ),
        nothing(
            "pool view",
            "member",
            "read_group phone:array_agg, email:max",
            lambda a, d: a(
                c, "read_group", [("pool_id", "=", d.pool)], ["phone:array_agg", "email:max"], ["pool_id"]
            ),
            hints,
        ),
        nothing(
            "pool view",
            "member",
            "export_data the customer entry",
            lambda a, d: a(c, "export_data", [d.customer], fields_),
            hints,
        ),
        nothing(
            "pool view",
            "member",
            "search_count phone =like its first digits",
            lambda a, d: a(c, "search_count", [("phone", "=like", d.prefixes["phone"])]),
            empty,
        ),
        nothing(
            "pool view",
            "member",
            "read the lead entry",
            lambda a, d: a(lead, "read", [d.lead], fields_),
            hints,
        ),
        nothing(
            "pool view",
            "member",
            "search_read the lead pool",
            lambda a, d: a(lead, "search_read", [("pool_id", "=", d.lead_pool)], fields_),
            hints,
        ),
        nothing(
            "pool view",
            "member",
            "read_group phone:array_agg (leads)",
            lambda a, d: a(
                lead, "read_group", [("pool_id", "=", d.lead_pool)], ["phone:array_agg"], ["pool_id"]
            ),
            hints,
        ),
        nothing(
            "pool view",
            "member",
            "export_data the lead entry",
            lambda a, d: a(lead, "export_data", [d.lead], fields_),
            hints,
        ),
        refused(
            "pool view",
            "member",
            "action_open_record (the record behind)",
            lambda a, d: a(c, "action_open_record", [d.customer]),
        ),
    ]
    for actor in STRANGERS:
        rows += [
            searched(
                "pool view",
                actor,
                c,
                "search_read the customer pool",
                lambda a, d: a(c, "search_read", [("id", "in", [d.customer, d.former])], fields_),
            ),
            refused(
                "pool view",
                actor,
                "read the customer entry",
                lambda a, d: a(c, "read", [d.customer], fields_),
            ),
            searched(
                "pool view",
                actor,
                lead,
                "search_read the lead pool",
                lambda a, d: a(lead, "search_read", [("id", "=", d.lead)], fields_),
            ),
        ]
    return rows


def display_name_rows():
    """The member's follow-up of a customer since gone to the pool names it: no email, no address."""
    f = "crm.smb.followup"
    rows = [
        nothing(
            "name",
            "member",
            f"read partner_id of an old follow-up, {key}",
            lambda a, d, key=key: a(f, "read", [d.old_followup], ["partner_id"], context={key: True}),
        )
        for key in ("show_email", "show_address", "address_inline")
    ]
    spec = {"partner_id": {"fields": {"display_name": {}, "email": {}}, "context": {"show_email": True}}}
    return [
        *rows,
        refused(
            "name",
            "member",
            "web_read partner_id {display_name, email} of it",
            lambda a, d: a(f, "web_read", [d.old_followup], spec),
        ),
        # Its own follow-up: the list, the form's title and the data-health workbook name it.
        nothing(
            "name",
            "member",
            "read display_name of its old follow-up",
            lambda a, d: a(f, "read", [d.old_followup], ["display_name"]),
        ),
    ]


def chatter_rows(actor):
    def messages(model, key):
        return lambda a, d: a(
            "mail.message",
            "search_read",
            [("model", "=", model), ("res_id", "=", getattr(d, key))],
            ["body", "preview", "record_name", "subject"],
        )

    return [
        nothing(
            "chatter",
            actor,
            "mail.message of the waiting customer",
            messages("res.partner", "customer"),
            empty,
        ),
        nothing("chatter", actor, "mail.message of the waiting lead", messages("crm.lead", "lead"), empty),
        refused(  # Odoo lets only system administrators read tracking values at all
            "chatter",
            actor,
            "mail.tracking.value of the waiting records",
            lambda a, d: a(
                "mail.tracking.value",
                "search_read",
                [("mail_message_id.res_id", "in", [d.customer, d.lead])],
                ["old_value_char", "new_value_char"],
            ),
        ),
        nothing(
            "chatter",
            actor,
            "/mail/thread/messages of the waiting customer",
            lambda a, d: a.json_route(
                "/mail/thread/messages", thread_model="res.partner", thread_id=d.customer
            ),
        ),
        nothing(
            "chatter",
            actor,
            "/mail/thread/data (followers, recipients) of it",
            lambda a, d: a.json_route(
                "/mail/thread/data",
                thread_model="res.partner",
                thread_id=d.customer,
                request_list=["activities", "attachments", "followers", "suggestedRecipients"],
            ),
        ),
    ]


def onchange(model, values, names, spec, context=lambda _d: {}):
    """The form's onchange on a new record: `values` and `context` are made from the data."""
    return lambda a, d: a(model, "onchange", [], values(d), names, spec, context=context(d))


def onchange_rows(actor):
    lead_spec = {"phone": {}, "email_from": {}, "street": {}, "partner_id": {"fields": {"display_name": {}}}}
    partner_spec = {"phone": {}, "email": {}, "street": {}, "parent_id": {"fields": {"display_name": {}}}}
    rows = [
        refused(
            "onchange",
            actor,
            "crm.lead onchange partner_id = waiting customer",
            onchange(
                "crm.lead",
                lambda d: {"name": "x", "type": "lead", "partner_id": d.customer},
                ["partner_id"],
                lead_spec,
            ),
        ),
        refused(
            "onchange",
            actor,
            "crm.lead new form with default_partner_id = waiting customer",
            onchange("crm.lead", lambda _d: {}, [], lead_spec, lambda d: {"default_partner_id": d.customer}),
        ),
        refused(
            "onchange",
            actor,
            "res.partner onchange parent_id = waiting customer",
            onchange(
                "res.partner", lambda d: {"name": "x", "parent_id": d.customer}, ["parent_id"], partner_spec
            ),
        ),
    ]
    if actor in ("member", "outsider"):
        spec = {"recipient_single_number_itf": {}, "recipient_single_description": {}, "res_id": {}}
        rows.append(
            nothing(  # the composer finds no number: it reads the customer as the user
                "onchange",
                actor,
                "sms.composer opened on the waiting customer",
                onchange(
                    "sms.composer",
                    lambda _d: {},
                    [],
                    spec,
                    lambda d: {
                        "default_res_model": "res.partner",
                        "default_res_id": d.customer,
                        "default_composition_mode": "comment",
                    },
                ),
            )
        )
    return rows


def duplicate_rows():
    spec = {"name": {}, "phone": {}, "is_company": {}}

    def typed(model, phone_field, key):
        call = onchange(
            model,
            lambda d: {"name": "x", phone_field: d.values[key]},
            [phone_field],
            spec if model == "res.partner" else {"name": {}, phone_field: {}},
        )

        def without_own_input(a, d):
            # The number the attacker typed comes back formatted (phonenumbers): their own
            # input, not something learnt; everything else of the answer is examined.
            result = call(a, d)
            if isinstance(result, dict):
                result.get("value", {}).pop(phone_field, None)
            return result

        return without_own_input

    return [
        nothing(
            "duplicates",
            "outsider",
            "type the waiting customer's phone",
            typed("res.partner", "phone", "customer_phone"),
            masked_warning,
        ),
        nothing(
            "duplicates",
            "outsider",
            "type the waiting lead's phone (lead)",
            typed("crm.lead", "phone", "lead_phone"),
            masked_warning,
        ),
        nothing(
            "duplicates",
            "co2",
            "type the waiting customer's phone",
            typed("res.partner", "phone", "customer_phone"),
        ),
        nothing(
            "duplicates",
            "portal",
            "type the waiting customer's phone",
            typed("res.partner", "phone", "customer_phone"),
            no_warning,
        ),
    ]


def claim_rows():
    def claim(model, key):
        return lambda a, d: a(model, "action_claim", [getattr(d, key)])

    def release(a, d):
        return a("res.partner", "action_release", [d.own_customer], False, "not mine")

    def lock(a, d):
        return a("res.partner", "action_toggle_pool_lock", [d.own_customer])

    return [
        refused("pool action", "outsider", "release the member's customer to the pool", release),
        refused("pool action", "outsider", "lock the member's customer", lock),
        refused("pool action", "co2", "release the member's customer to the pool", release),
        refused("pool action", "co2", "lock the member's customer", lock),
        refused(
            "claim",
            "outsider",
            "crm.lead action_claim the waiting lead",
            claim("crm.lead", "lead"),
            claim_refusal,
        ),
        refused(
            "claim",
            "outsider",
            "crm.lead action_claim a claimed lead",
            claim("crm.lead", "claimed_lead"),
            claim_refusal,
        ),
        refused(
            "claim",
            "outsider",
            "pool.customer action_claim",
            claim("crm.smb.pool.customer", "customer"),
            claim_refusal,
        ),
        refused("claim", "portal", "pool.customer action_claim", claim("crm.smb.pool.customer", "customer")),
        refused(
            "claim",
            "co2",
            "crm.lead action_claim a claimed lead",
            claim("crm.lead", "claimed_lead"),
            claim_refusal,
        ),
        refused(
            "claim",
            "co2",
            "pool.lead action_claim the waiting lead",
            claim("crm.smb.pool.lead", "lead"),
            claim_refusal,
        ),
        refused(
            "claim",
            "co2",
            "pool.customer action_claim, then read it",
            lambda a, d: [
                claim("crm.smb.pool.customer", "customer")(a, d),
                a("res.partner", "read", [d.customer], PARTNER_CONTACT),
            ],
            claim_refusal,
        ),
    ]


def write(model, key, values):
    return lambda a, d: a(model, "write", [getattr(d, key)], values(d) if callable(values) else values)


def write_rows():
    p = "res.partner"
    forged = {"is_company": True, "pool_state": "pool"}
    return [
        refused(
            "write",
            "member",
            "pool_id False on the waiting customer",
            write(p, "customer", {"pool_id": False}),
        ),
        refused(
            "write",
            "member",
            "pool_id False on its own customer",
            write(p, "own_customer", {"pool_id": False}),
        ),
        refused(
            "write",
            "member",
            "pool_locked True on its own customer",
            write(p, "own_customer", {"pool_locked": True}),
        ),
        refused(
            "write", "member", "recycle_deadline 2099", write(p, "own_customer", {"recycle_deadline": FAR})
        ),
        refused(
            "write",
            "member",
            "last_followup_date 2099",
            write(p, "own_customer", {"last_followup_date": FAR}),
        ),
        refused(
            "write",
            "member",
            "user_id itself on the waiting lead",
            write("crm.lead", "lead", lambda d: {"user_id": d.uids["member"]}),
        ),
        refused(
            "write",
            "member",
            "create with pool_state pool, previous_user_id",
            lambda a, d: a(
                p,
                "create",
                [
                    {
                        **forged,
                        "name": f"{d.tag} forged",
                        "pool_id": d.pool,
                        "previous_user_id": d.uids["outsider"],
                    }
                ],
            ),
        ),
        refused(
            "write",
            "member",
            "load its own customer with an empty pool",
            lambda a, d: import_refused(
                a(p, "load", [".id", "name", "pool_id"], [[str(d.own_customer), f"{d.tag} Own Customer", ""]])
            ),
        ),
        refused("write", "admin", "copy the waiting lead", lambda a, d: a("crm.lead", "copy", [d.lead])),
        refused(
            "write",
            "member",
            "merge its lead with the waiting lead",
            lambda a, d: a("crm.lead", "merge_opportunity", [d.claimed_lead, d.lead]),
        ),
        refused(
            "write",
            "manager",
            "merge the member's lead with the waiting lead",
            lambda a, d: a("crm.lead", "merge_opportunity", [d.claimed_lead, d.lead]),
        ),
    ]


def ownership_rows():
    f = "crm.smb.followup"
    return [
        refused(
            "owner",
            "outsider",
            "user_id on the member's customer",
            write("res.partner", "own_customer", lambda d: {"user_id": d.uids["outsider"]}),
        ),
        refused(
            "owner",
            "outsider",
            "user_id on the member's lead",
            write("crm.lead", "claimed_lead", lambda d: {"user_id": d.uids["outsider"]}),
        ),
        refused(
            "owner",
            "member",
            "follow-up to the outsider's customer, won",
            write(f, "followup", lambda d: {"partner_id": d.their_customer, "stage_after_id": d.won_stage}),
        ),
        refused(
            "owner",
            "member",
            "new follow-up on the outsider's customer, won",
            lambda a, d: a(
                f,
                "create",
                [
                    {
                        "partner_id": d.their_customer,
                        "summary": f"{d.tag} forged",
                        "stage_after_id": d.won_stage,
                    }
                ],
            ),
        ),
        refused(
            "owner",
            "member",
            "follow-up user_id = the outsider",
            write(f, "followup", lambda d: {"user_id": d.uids["outsider"]}),
        ),
        refused("owner", "member", "follow-up dated 2099", write(f, "followup", {"date": FAR})),
        refused(
            "owner", "member", "follow-up editable_until 2099", write(f, "followup", {"editable_until": FAR})
        ),
    ]


def bad_input_rows():
    return [
        refused(
            "bad input",
            "admin",
            "rule days_without_followup 100000000",
            write("crm.smb.pool.rule", "rule", {"days_without_followup": 100000000}),
            validation_error,
        ),
        refused(
            "bad input",
            "admin",
            "pool max_claims_per_day -1",
            write("crm.smb.pool", "pool", {"max_claims_per_day": -1}),
            validation_error,
        ),
        refused(
            "bad input",
            "member",
            "XLSX route, domain on an unknown field",
            lambda a, _d: a.post_form("/crm_smb/xlsx/crm.smb.customer.report", domain='[["nope", "=", 1]]'),
            http_400,
        ),
        refused(
            "bad input",
            "member",
            'pool wizard with res_ids ["x"]',
            lambda a, _d: a(
                "crm.smb.pool.wizard",
                "create",
                [{"mode": "release", "res_model": "res.partner", "res_ids": ["x"]}],
            ),
            validation_error,
        ),
    ]


def web_rows():
    """What the web client and the report routes give the member."""
    export = {
        "model": "res.partner",
        "fields": [{"name": "phone", "label": "Phone"}],
        "domain": [],
        "import_compat": False,
    }
    return [
        nothing(
            "web",
            "member",
            "web_search_read through /web/dataset/call_kw",
            lambda a, d: a.json_route(
                "/web/dataset/call_kw/res.partner/web_search_read",
                model="res.partner",
                method="web_search_read",
                args=[[("id", "in", [d.customer, d.contact, d.former])]],
                kwargs={"specification": {"phone": {}, "email": {}}},
            ),
            empty,
        ),
        refused(
            "web",
            "member",
            "/web/export/csv of the waiting customer",
            lambda a, d: a.post_form("/web/export/csv", data=json.dumps({**export, "ids": [d.customer]})),
        ),
        *(
            refused(
                "report",
                actor,
                "customer 360° HTML of the waiting customer",
                lambda a, d: a.get(f"/report/html/crm_smb_reports.report_customer_360/{d.customer}"),
            )
            for actor in ("member", "outsider")
        ),
        nothing(
            "report",
            "member",
            "data-health workbook",
            lambda a, _d: a.get("/crm_smb/xlsx/crm.smb.data.check"),
        ),
    ]


def attacks():
    rows = []
    for actor in SNOOPS:
        rows += customer_rows(actor) + lead_rows(actor)
    rows += pool_view_rows() + display_name_rows()
    for actor in SNOOPS:
        rows += chatter_rows(actor) + onchange_rows(actor)
    rows += duplicate_rows() + web_rows() + write_rows() + ownership_rows() + bad_input_rows()
    return rows + claim_rows()  # last: a claim that wrongly passes changes the waiting records


def controls():
    """Run after the attacks, in this order: those who open waiting records first, then claims."""
    p, sheet = "res.partner", "crm_smb_reports.report_service_request_sheet"
    return [
        allowed(
            "control",
            "admin",
            "reads the real phone",
            lambda a, d: a(p, "read", [d.customer], ["phone"]),
            first_is("phone", secret("customer_phone")),
        ),
        allowed(
            "control",
            "manager",
            "reads the waiting customer",
            lambda a, d: a(p, "read", [d.customer], ["name"]),
            first_is("name", lambda d: f"{d.tag} Waiting Customer"),
        ),
        allowed(
            "control",
            "accountant",
            "opens the invoice of the waiting customer",
            lambda a, d: a("account.move", "search_read", [("partner_id", "=", d.customer)], ["state"]),
            first_is("state", lambda _d: "posted"),
        ),
        allowed(
            "control",
            "accountant",
            "prints the invoice PDF",
            lambda a, d: a.get(f"/report/pdf/account.report_invoice/{d.invoice}"),
            lambda r, _d: None if r.content.startswith(b"%PDF") else r.text[:120],
        ),
        allowed(
            "control",
            "agent",
            "gets the service sheet (HTML)",
            lambda a, d: a.get(f"/report/html/{sheet}/{d.request}"),
            lambda r, d: None if f"{d.tag} Waiting Customer" in r.text else r.text[:120],
        ),
        allowed(
            "control",
            "member",
            "sees the entry with a hint",
            lambda a, d: a("crm.smb.pool.customer", "read", [d.customer], ["phone"]),
            first_is("phone", hint("customer_phone")),
        ),
        allowed(
            "control",
            "member",
            "claims it through crm.smb.pool.customer",
            lambda a, d: [a("crm.smb.pool.customer", "action_claim", [d.customer])["params"]["next"]],
            first_is("res_id", lambda d: d.customer),
        ),
        allowed(
            "control",
            "member",
            "then reads the real phone",
            lambda a, d: a(p, "read", [d.customer], ["phone"]),
            first_is("phone", secret("customer_phone")),
        ),
        allowed(
            "control",
            "member",
            "claims the waiting lead through crm.smb.pool.lead",
            lambda a, d: [a("crm.smb.pool.lead", "action_claim", [d.lead])["params"]["next"]],
            first_is("res_id", lambda d: d.lead),
        ),
        allowed(
            "control",
            "member",
            "then reads the lead's real phone",
            lambda a, d: a("crm.lead", "read", [d.lead], ["phone"]),
            first_is("phone", secret("lead_phone")),
        ),
    ]


# -- running them -------------------------------------------------------------------------------
def pdf_text(content):
    from PyPDF2 import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def as_text(result):
    """The whole of an answer as text: JSON, a page, a PDF's or a workbook's text."""
    if isinstance(result, requests.Response):
        if result.content.startswith(b"%PDF"):
            return pdf_text(result.content)
        if result.content.startswith(b"PK"):
            book = openpyxl.load_workbook(io.BytesIO(result.content))
            return json.dumps(
                [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()],
                default=str,
            )
        return result.text
    return json.dumps(result, default=str, ensure_ascii=False)


def betrayed(text, d, actor):
    """The secrets (and for strangers the names) found in `text`."""
    compact = re.sub(r"[\s.()\-]", "", text.lower())
    found = [token for token in d.tokens if token in compact]
    if actor in STRANGERS:
        found += [name for name in d.hidden_names if name.lower() in text.lower()]
    return found


# The records the attacks aim at, and what must not change (read as superuser after each row).
PARTNER_WATCH = (
    "name", "phone", "email", "user_id", "pool_id", "pool_state", "pool_locked", "previous_user_id",
    "followup_stage_id", "active", "recycle_deadline", "last_followup_date",
)  # fmt: skip
LEAD_WATCH = (
    "name",
    "phone",
    "email_from",
    "user_id",
    "pool_id",
    "pool_state",
    "pool_locked",
    "partner_id",
    "active",
)
WATCH = [
    *[
        ("res.partner", key, PARTNER_WATCH)
        for key in ("customer", "contact", "former", "own_customer", "their_customer")
    ],
    *[("crm.lead", key, LEAD_WATCH) for key in ("lead", "unowned_lead", "claimed_lead")],
    *[
        ("crm.smb.followup", key, ("partner_id", "user_id", "date", "editable_until", "stage_after_id"))
        for key in ("old_followup", "followup")
    ],
    ("crm.smb.pool.rule", "rule", ("days_without_followup",)),
    ("crm.smb.pool", "pool", ("max_claims_per_day", "member_ids", "admin_ids")),
]


def snapshot(env, d):
    state = {}
    for model, key, fields_ in WATCH:
        record = env[model].with_context(active_test=False).browse(getattr(d, key)).exists()
        values = record.read(list(fields_))[0] if record else None
        state[model, key] = values and {
            name: value[0] if isinstance(value, tuple) else value
            for name, value in values.items()
            if name != "id"
        }
    for model in ("res.partner", "crm.lead", "crm.smb.followup"):
        name = "summary" if model == "crm.smb.followup" else "name"
        state[model, "count"] = (
            env[model].with_context(active_test=False).search_count([(name, "like", d.tag)])
        )
    return state


def restore(env, d, before, after):
    """Put the watched records back as they were; say what had changed."""
    from odoo import Command

    changes = []
    for (model, key), values in before.items():
        now = after[model, key]
        if now == values:
            continue
        changes.append(f"{model} {key}: {values} -> {now}")
        if isinstance(values, dict) and now is not None:
            diff = {name: value for name, value in values.items() if now[name] != value}
            diff = {name: [Command.set(v)] if isinstance(v, list) else v for name, v in diff.items()}
            env[model].with_context(active_test=False, tracking_disable=True).browse(getattr(d, key)).write(
                diff
            )
    return changes


def run_row(row, actors, d):
    """(outcome, text of the answer or error, result or error)."""
    try:
        result = row.call(actors[row.actor], d)
    except (RpcError, Refused) as error:
        return "refused", f"{error.name} {error.message} {error.debug}", error
    return "answered", as_text(result), result


def verdict(row, outcome, text, value, d):
    """(short result for the table, problem or None)."""
    if outcome == "refused":
        label = f"refused ({value.name.rsplit('.', 1)[-1]})"
    else:
        label = "allowed" if row.expected == "allowed" else "nothing hidden"
    if row.expected != "allowed":
        found = betrayed(text, d, row.actor)
        if found:
            return f"LEAKED {', '.join(found)}", f"leaked {found} in {text[:300]}"
    if (outcome == "refused") != (row.expected == "refused"):
        wanted = "a refusal" if row.expected == "refused" else "an answer"
        return f"{label}: expected {wanted}", f"expected {wanted}, got {outcome}: {text[:300]}"
    problem = row.check(value, d) if row.check else None
    return (f"{label}: {problem}", problem) if problem else (label, None)


def run_attacks(rows, actors, d, committed):
    """[(row, outcome, result, problem)], each row's effect on the watched records checked and undone."""
    lines = []
    with committed() as env:
        before = snapshot(env, d)
    for row in rows:
        outcome, text, value = run_row(row, actors, d)
        result, problem = verdict(row, outcome, text, value, d)
        with committed() as env:
            changes = restore(env, d, before, snapshot(env, d))
        if changes:
            result, problem = f"{result}; CHANGED", "; ".join(filter(None, [problem, *changes]))
            with committed() as env:
                before = snapshot(env, d)
        lines.append((row, outcome, result, problem))
    return lines


def print_table(lines):
    header = ("category", "actor", "attack", "expected", "result")
    cells = [header] + [
        (row.category, row.actor, row.what, row.expected, result) for row, _o, result, _p in lines
    ]
    widths = [max(len(cell[i]) for cell in cells) for i in range(4)]
    for cell in cells:
        print(" | ".join([*(text.ljust(width) for text, width in zip(cell, widths, strict=False)), cell[4]]))


def test_pool_attacks(world, actors, committed):
    attack_lines = run_attacks(attacks(), actors, world, committed)
    control_lines = []
    for row in controls():
        outcome, text, value = run_row(row, actors, world)
        control_lines.append((row, outcome, *verdict(row, outcome, text, value, world)))
    lines = attack_lines + control_lines
    print("\nAttacks on what a public pool hides, and controls:")
    print_table(lines)
    leaked = [line for line in attack_lines if line[2].startswith("LEAKED")]
    refusals = [line for line in attack_lines if line[1] == "refused" and line not in leaked]
    hidden = [line for line in attack_lines if line[1] == "answered" and line not in leaked]
    unexpected = [line for line in attack_lines if line[3]]
    allowed_ = [line for line in control_lines if not line[3]]
    print(
        f"attacks: {len(attack_lines)} tried, {len(refusals)} refused, {len(hidden)} answered with nothing "
        f"hidden, {len(leaked)} leaked ({len(unexpected)} not as expected); "
        f"controls: {len(allowed_)} allowed of {len(control_lines)}"
    )
    failures = [
        f"{row.category} | {row.actor} | {row.what}: {problem}" for row, _o, _r, problem in lines if problem
    ]
    assert not failures, "attacks that did not end as expected:\n" + "\n".join(failures)
