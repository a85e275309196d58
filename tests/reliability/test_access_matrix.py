"""Who may read, create, write and delete what: the access matrix of the suite (issue #7, 3e).

`EXPECTED` below is the intended matrix, derived from the security files and the
product's intent; the test builds the same table by really trying each operation as
each role (ORM calls with `with_user`, AccessError = denied, each attempt undone) and
asserts both are equal. What a pool hides is attacked path by path over a real server in
test_pool_attacks.py.
"""

import csv
import io
import re
from datetime import timedelta

import pytest

from .conftest import create_user

pytestmark = pytest.mark.db

SALESMAN = "sales_team.group_sale_salesman"
TEAM = "sales_team_security.group_sale_team_manager"
ALL_LEADS = "sales_team.group_sale_salesman_all_leads"
SALES_MANAGER = "sales_team.group_sale_manager"
POOL_ADMIN = "crm_smb_followup.group_pool_admin"
SERVICE_USER = "crm_smb_service.group_service_user"
SERVICE_MANAGER = "crm_smb_service.group_service_manager"

# The columns: who tries.
ROLES = {
    "sales": ("salesman", [SALESMAN]),
    "other": ("another salesman", [SALESMAN]),
    "team": ("team documents user, leader of the other salesman's sales team", [TEAM]),
    "all": ("'all leads' user", [ALL_LEADS]),
    "mgr": ("sales manager", [SALES_MANAGER]),
    "padm": ("pool administrator (group, and in the admin_ids of pools A)", [POOL_ADMIN]),
    "svc": ("service user (member of service team T1)", [SERVICE_USER]),
    "svcm": ("service manager", [SERVICE_MANAGER]),
    "portal": ("portal user, contact of the salesman's customer", ["base.group_portal"]),
    "co2": ("sales and service manager of another company only", [SALES_MANAGER, SERVICE_MANAGER]),
}

# r = read, c = create, w = write, u = unlink (delete); "." = refused: an AccessError, or the
# UserError of a field only an action changes (creating a record straight into a pool).
# Rows: a model and the record tried (its owner, its pool...); "own" records of a
# transient wizard are each role's own. Company A is the main company: every record tried
# is in company A (or has no company, like customers, which Odoo shares between companies)
# and so is every record created. Pools A: the salesman is a member, the pool administrator
# an administrator; pools B: the other salesman is a member, nobody administers them.
#
# A cell ending with "*" would mark a known gap (KNOWN_GAPS), stating today's behaviour until it
# is fixed. None is left: members can no longer take or drop a waiting record by writing its owner
# or pool state (a clear UserError, see test_pool_attacks.py), and sales
# managers see the records waiting in the pools of their own companies only.
KNOWN_GAPS = {}
# By design: a record waiting in a pool is read on res.partner / crm.lead by the pool's
# administrators and the sales managers of its company only among salespeople; members see it
# through crm.smb.pool.customer / crm.smb.pool.lead (hints of hidden contact details). Users outside
# sales (service users here, accountants) keep reading the customer they work for.
# Contacts (OCA sales_team_security): a salesperson below "all leads" reads the customers they own,
# follow or nobody owns, and those under the rules of the pools they administer; the team documents
# user ("team") also those of their teams' people — here the other salesman's, never the salesman's,
# on every model the team level covers (leads, orders, follow-ups, pool moves, service requests,
# every analysis, collection plans, targets). Follow-ups, requests and analyses are read, not written.
# A collaborator (crm.smb.collaborator, edit access here: the other salesman on "Customer 3") reads
# and edits the customer, never deletes it nor manages its collaborators; its salesperson does.
# Work reports: the other salesman's submitted daily report is read by its author, its recipient
# (the team leader) and sales managers, changed by nobody; anyone writes their own. A team
# without a company (this one) is shared between companies, its rules and completion rows too.
# Worth knowing, not gaps: "all leads" users see every row of the pool activity analysis but
# not the pool history records themselves (no "all leads" rule on crm.smb.pool.history); sales
# managers see the service requests of their own customers only (no manager rule on requests).
EXPECTED = """
model [record tried]                            sales other team  all   mgr   padm  svc   svcm  portal co2
crm.smb.followup.stage                          r...  r...  r...  r...  rcwu  r...  r...  r...  ....  rcwu
crm.smb.followup.channel                        r...  r...  r...  r...  rcwu  r...  r...  r...  ....  rcwu
crm.smb.customer.level                          r...  r...  r...  r...  rcwu  r...  r...  r...  ....  rcwu
crm.smb.duplicate.key [salesman's customer]     ....  ....  ....  ....  ....  ....  ....  ....  ....  ....
crm.smb.followup [salesman's, logged today]     rcw.  ....  ....  r...  rcwu  ....  ....  ....  ....  ....
crm.smb.followup [salesman's, logged before]    rc..  ....  ....  r...  rcwu  ....  ....  ....  ....  ....
crm.smb.followup [other salesman's]             ....  rcw.  r...  r...  rcwu  ....  ....  ....  ....  ....
crm.smb.handover [other -> salesman]            ....  ....  ....  ....  rc..  ....  ....  ....  ....  ....
crm.smb.handover.wizard [own]                   ....  ....  ....  ....  rcwu  ....  ....  ....  ....  rcwu
crm.smb.pool [A]                                r...  r...  r...  r...  rcwu  rcwu  ....  ....  ....  ....
crm.smb.pool [B]                                r...  r...  r...  r...  rcwu  rc..  ....  ....  ....  ....
crm.smb.pool.rule [of pool A]                   r...  r...  r...  r...  rcwu  rcwu  ....  ....  ....  ....
crm.smb.pool.rule [of pool B]                   r...  r...  r...  r...  rcwu  r...  ....  ....  ....  ....
crm.smb.pool.limit [of pool A]                  r...  r...  r...  r...  rcwu  rcwu  ....  ....  ....  ....
crm.smb.pool.limit [of pool B]                  r...  r...  r...  r...  rcwu  r...  ....  ....  ....  ....
crm.smb.pool.reason                             r...  r...  r...  r...  rcwu  rcwu  r...  r...  ....  rcwu
crm.smb.pool.history [salesman's claim, pool A] r...  ....  ....  ....  r...  r...  ....  ....  ....  ....
crm.smb.pool.history [other's claim, pool B]    ....  r...  r...  ....  r...  ....  ....  ....  ....  ....
crm.smb.pool.preview [own]                      ....  ....  ....  ....  rcwu  rcwu  ....  ....  ....  rcwu
crm.smb.pool.preview.line [own]                 ....  ....  ....  ....  rcwu  rcwu  ....  ....  ....  rcwu
crm.smb.pool.wizard [own]                       rcwu  rcwu  rcwu  rcwu  rcwu  rcwu  ....  ....  ....  rcwu
res.partner [waiting in customer pool A]        ....  ....  ....  ....  r.w.  r.w.  r...  r...  ....  ....
crm.lead [waiting in lead pool A]               ....  ....  ....  ....  r.wu  r.w.  ....  ....  ....  ....
crm.smb.pool.customer [waiting in pool A]       r...  ....  ....  ....  r...  r...  ....  ....  ....  ....
crm.smb.pool.lead [waiting in lead pool A]      r...  ....  ....  ....  r...  r...  ....  ....  ....  ....
res.partner [salesman's customer]               rcw.  ....  ....  rcw.  rcw.  ....  r...  r...  r...  rcw.
res.partner [other's customer]                  ....  rcw.  rcw.  rcw.  rcw.  ....  r...  r...  ....  rcw.
res.partner [salesman's, other collaborates]    rcw.  r.w.  ....  rcw.  rcw.  ....  r...  r...  ....  rcw.
crm.smb.collaborator [on salesman's customer]   rcwu  r...  ....  r...  rcwu  ....  ....  ....  ....  rcwu
crm.lead [salesman's]                           rcw.  ....  ....  rcw.  rcwu  ....  ....  ....  ....  .c..
crm.lead [other's]                              ....  rcw.  rcw.  rcw.  rcwu  ....  ....  ....  ....  .c..
sale.order [salesman's]                         rcw.  ....  ....  rcw.  rcwu  ....  ....  ....  ....  .c..
sale.order [other's]                            ....  rcw.  rcw.  rcw.  rcwu  ....  ....  ....  ....  .c..
crm.smb.service.request [T1, svc, salesman's]   r...  ....  ....  ....  ....  ....  rcw.  rcwu  r...  ....
crm.smb.service.request [T2, svcm, other's]     ....  r...  r...  ....  ....  ....  .c..  rcwu  ....  ....
crm.smb.service.type                            r...  r...  r...  r...  r...  r...  r...  rcwu  r...  rcwu
crm.smb.service.stage                           r...  r...  r...  r...  r...  r...  r...  rcwu  r...  rcwu
crm.smb.service.tag                             r...  r...  r...  r...  r...  r...  rcw.  rcwu  ....  rcwu
crm.smb.service.team                            r...  r...  r...  r...  r...  r...  r...  rcwu  ....  ....
crm.smb.service.sla                             r...  r...  r...  r...  r...  r...  r...  rcwu  ....  ....
crm.smb.customer.report [salesman's customer]   r...  ....  ....  r...  r...  ....  ....  ....  ....  r...
crm.smb.customer.report [other's customer]      ....  r...  r...  r...  r...  ....  ....  ....  ....  r...
crm.smb.today [salesman's customer]             r...  ....  ....  r...  r...  ....  ....  ....  ....  r...
crm.smb.today [other's customer]                ....  r...  r...  r...  r...  ....  ....  ....  ....  r...
crm.smb.stage.report [salesman's customer]      r...  ....  ....  r...  r...  ....  ....  ....  ....  r...
crm.smb.stage.report [other's customer]         ....  r...  r...  r...  r...  ....  ....  ....  ....  r...
crm.smb.pipeline.report [salesman's lead]       r...  ....  ....  r...  r...  ....  ....  ....  ....  ....
crm.smb.pipeline.report [other's lead]          ....  r...  r...  r...  r...  ....  ....  ....  ....  ....
crm.smb.sales.report [salesman's order]         r...  ....  ....  r...  r...  ....  ....  ....  ....  ....
crm.smb.sales.report [other's order]            ....  r...  r...  r...  r...  ....  ....  ....  ....  ....
crm.smb.collection.report [salesman's inv.]     r...  ....  ....  r...  r...  ....  ....  ....  ....  ....
crm.smb.collection.report [other's inv.]        ....  r...  r...  r...  r...  ....  ....  ....  ....  ....
crm.smb.collection.period.report [salesman's]   r...  ....  ....  r...  r...  ....  ....  ....  ....  ....
crm.smb.collection.period.report [other's]      ....  r...  r...  r...  r...  ....  ....  ....  ....  ....
crm.smb.pool.activity.report [salesman's claim] r...  ....  ....  r...  r...  ....  ....  ....  ....  ....
crm.smb.pool.activity.report [other's claim]    ....  r...  r...  r...  r...  ....  ....  ....  ....  ....
crm.smb.pool.size.report [pool A]               r...  ....  ....  r...  r...  r...  ....  ....  ....  ....
crm.smb.pool.size.report [pool B]               ....  r...  ....  r...  r...  ....  ....  ....  ....  ....
crm.smb.service.report [T1, svc, salesman's]    r...  ....  ....  ....  ....  ....  r...  r...  ....  ....
crm.smb.service.report [T2, svcm, other's]      ....  r...  r...  ....  ....  ....  ....  r...  ....  ....
crm.smb.collection.plan.report [salesman's]     r...  ....  ....  r...  r...  ....  ....  ....  ....  ....
crm.smb.collection.plan.report [other's]        ....  r...  r...  r...  r...  ....  ....  ....  ....  ....
crm.smb.target.report [salesman's]              r...  ....  ....  ....  r...  ....  ....  ....  ....  ....
crm.smb.target.report [other's]                 ....  r...  r...  ....  r...  ....  ....  ....  ....  ....
crm.smb.visit.report [other's visit]            ....  r...  r...  r...  r...  ....  ....  ....  ....  ....
crm.smb.collection.plan [salesman's order]      rcwu  ....  ....  rcwu  rcwu  ....  ....  ....  ....  ....
crm.smb.collection.plan [other's order]         ....  rcwu  rcwu  rcwu  rcwu  ....  ....  ....  ....  ....
crm.smb.target [salesman's]                     r...  ....  ....  ....  rcwu  ....  ....  ....  ....  ....
crm.smb.target [other's]                        ....  r...  r...  ....  rcwu  ....  ....  ....  ....  ....
crm.smb.work.report [other's, to team leader]   .c..  rc..  rc..  .c..  rc..  .c..  ....  ....  ....  .c..
crm.smb.work.report.channel [other's report]    ....  r...  r...  ....  r...  ....  ....  ....  ....  ....
crm.smb.work.report.read [other's report]       ....  r...  r...  ....  r...  ....  ....  ....  ....  ....
crm.smb.work.report.rule [the team's]           r...  r...  rcwu  r...  rcwu  r...  ....  ....  ....  rcwu
crm.smb.work.report.completion [other's]        ....  r...  r...  ....  r...  ....  ....  ....  ....  r...
crm.smb.data.check [own]                        rcwu  rcwu  rcwu  rcwu  rcwu  rcwu  ....  ....  ....  rcwu
crm.smb.salesperson.report.wizard [own]         rcwu  rcwu  rcwu  rcwu  rcwu  rcwu  ....  ....  ....  rcwu
"""

OPERATIONS = "rcwu"


def parse_table(text):
    """({row label: {role: cell}}, {(row label, role) marked as a known gap}) of the EXPECTED table."""
    lines = [line for line in text.strip("\n").splitlines() if line.strip()]
    header = lines[0]
    start = header.index(next(iter(ROLES)))
    roles = header[start:].split()
    assert roles == list(ROLES), f"columns {roles} are not the roles {list(ROLES)}"
    table, marked = {}, set()
    for line in lines[1:]:
        label, cells = line[:start].strip(), line[start:].split()
        assert len(cells) == len(roles), f"row {label!r} has {len(cells)} cells"
        table[label] = {role: cell.rstrip("*") for role, cell in zip(roles, cells, strict=True)}
        marked |= {(label, role) for role, cell in zip(roles, cells, strict=True) if cell.endswith("*")}
    return table, marked


def format_table(table, marked=()):
    width = max(len("model [record tried]"), *(len(label) for label in table)) + 1
    lines = ["model [record tried]".ljust(width) + " ".join(role.ljust(5) for role in ROLES)]
    for label, cells in table.items():
        row = [cells[role] + ("*" if (label, role) in marked else "") for role in ROLES]
        lines.append(label.ljust(width) + " ".join(cell.ljust(5) for cell in row))
    return "\n".join(lines)


class _Undo(Exception):
    """Raised at the end of a successful attempt so that its savepoint is rolled back."""


class Case:
    """One row: the record tried (per role for wizards) and how to create and write one like it."""

    def __init__(self, label, model, target, create, write):
        self.label, self.model = label, model
        self.target, self.create, self.write = target, create, write


class World:
    """The users and records of the matrix, in one transaction rolled back afterwards."""

    def __init__(self, env, tag):  # noqa: PLR0915 - the records of the matrix, one after the other
        from odoo import Command, fields

        self.env, self.tag = env, tag
        Partner = env["res.partner"]
        self.company = env.ref("base.main_company")
        self.company_2 = env["res.company"].create({"name": f"{tag} Other Company"})
        self.users = {}
        for role, (_label, groups) in ROLES.items():
            if role == "portal":
                continue
            company = self.company_2 if role == "co2" else None
            self.users[role] = create_user(env, f"{tag}_{role}", groups, company=company)
        sales, other = self.users["sales"], self.users["other"]
        # The team documents user leads the other salesman's team (not the salesman's)
        self.sales_team = env["crm.team"].create(
            {"name": f"{tag} Team", "user_id": self.users["team"].id, "member_ids": [Command.set(other.ids)]}
        )
        stage = env["crm.smb.followup.stage"].search([], limit=1)
        self.customer = Partner.create(
            {
                "name": f"{tag} Customer",
                "is_company": True,
                "user_id": sales.id,
                "followup_stage_id": stage.id,
            }
        )
        self.customer_2 = Partner.create(
            {
                "name": f"{tag} Customer 2",
                "is_company": True,
                "user_id": other.id,
                "followup_stage_id": stage.id,
            }
        )
        # The salesman's customer the other salesman collaborates on, with edit access
        self.customer_3 = Partner.create(
            {"name": f"{tag} Customer 3", "is_company": True, "user_id": sales.id}
        )
        self.collaborator = env["crm.smb.collaborator"].create(
            {"partner_id": self.customer_3.id, "user_id": other.id, "access": "edit"}
        )
        contact = Partner.create({"name": f"{tag} Buyer", "parent_id": self.customer.id})
        self.users["portal"] = create_user(env, f"{tag}_portal", ["base.group_portal"], partner=contact)
        padm = self.users["padm"]

        # Public pools: A (salesman member, pool administrator admin), B (other salesman member).
        def pool(name, pool_type, members, admins=()):
            return env["crm.smb.pool"].create(
                {
                    "name": f"{tag} {name}",
                    "pool_type": pool_type,
                    "member_ids": [Command.set([u.id for u in members])],
                    "admin_ids": [Command.set([u.id for u in admins])],
                    "mask_contact_details": True,
                }
            )

        self.pool_a, self.pool_b = pool("A", "customer", [sales], [padm]), pool("B", "customer", [other])
        self.lead_pool_a = pool("Leads A", "lead", [sales], [padm])
        # The history keeps its pools (ondelete restrict): history rows live in pools of their own.
        self.history_pool_a = pool("History A", "customer", [sales], [padm])
        self.history_pool_b = pool("History B", "customer", [other])
        Rule = env["crm.smb.pool.rule"]
        self.rule_a = Rule.create({"name": "A", "pool_id": self.pool_a.id, "days_without_followup": 30})
        self.rule_b = Rule.create({"name": "B", "pool_id": self.pool_b.id, "days_without_followup": 30})
        Limit = env["crm.smb.pool.limit"]
        self.limit_a = Limit.create({"pool_id": self.pool_a.id, "user_id": sales.id, "max_holding": 9})
        self.limit_b = Limit.create({"pool_id": self.pool_b.id, "user_id": other.id, "max_holding": 9})
        self.reason = env["crm.smb.pool.reason"].create({"name": f"{tag} reason"})
        self.pool_customer = Partner.create(
            {"name": f"{tag} Pooled", "is_company": True, "pool_id": self.pool_a.id, "pool_state": "pool"}
        )
        self.pool_lead = env["crm.lead"].create(
            {
                "name": f"{tag} Pooled lead",
                "type": "lead",
                "user_id": False,
                "pool_id": self.lead_pool_a.id,
                "pool_state": "pool",
            }
        )
        History = env["crm.smb.pool.history"]
        self.history_a = History.create(
            {
                "pool_id": self.history_pool_a.id,
                "pool_type": "customer",
                "partner_id": self.customer.id,
                "action": "claim",
                "to_user_id": sales.id,
                "company_id": self.company.id,
            }
        )
        self.history_b = History.create(
            {
                "pool_id": self.history_pool_b.id,
                "pool_type": "customer",
                "partner_id": self.customer_2.id,
                "action": "claim",
                "to_user_id": other.id,
                "company_id": self.company.id,
            }
        )

        # Follow-ups: the salesman's of today and of before, the other salesman's.
        Followup = env["crm.smb.followup"]
        self.followup = Followup.create(
            {
                "partner_id": self.customer.id,
                "user_id": sales.id,
                "summary": tag,
                "next_contact_date": fields.Date.today(),
            }
        )
        self.followup_old = Followup.create(
            {
                "partner_id": self.customer.id,
                "user_id": sales.id,
                "summary": tag,
                "next_contact_date": fields.Date.today(),
            }
        )
        self.followup_old.write({"editable_until": fields.Datetime.now() - timedelta(days=1)})
        self.followup_2 = Followup.create(
            {
                "partner_id": self.customer_2.id,
                "user_id": other.id,
                "summary": tag,
                "next_contact_date": fields.Date.today(),
            }
        )
        visited = Partner.create({"name": f"{tag} Visited", "is_company": True, "user_id": other.id})
        self.visit_2 = Followup.create(
            {
                "partner_id": visited.id,
                "user_id": other.id,
                "summary": tag,
                "channel_id": env.ref("crm_smb_followup.channel_visit").id,
            }
        )
        self.handover = env["crm.smb.handover"].create(
            {
                "from_user_id": other.id,
                "to_user_id": sales.id,
                "partner_ids": [Command.set(self.customer_2.ids)],
            }
        )
        self.stage = env["crm.smb.followup.stage"].create({"name": f"{tag} stage"})
        self.channel = env["crm.smb.followup.channel"].create({"name": f"{tag} channel"})
        self.level = env["crm.smb.customer.level"].create({"name": f"{tag} level", "code": f"{tag}L"})

        # Service: team T1 (the service user), T2 (nobody); one request in each.
        Team = env["crm.smb.service.team"]
        self.team_1 = Team.create({"name": f"{tag} T1", "member_ids": [Command.set(self.users["svc"].ids)]})
        self.team_2 = Team.create({"name": f"{tag} T2"})
        self.team_fresh = Team.create({"name": f"{tag} T3"})
        Request = env["crm.smb.service.request"]
        self.request_1 = Request.create(self.request_values(1))
        self.request_2 = Request.create(self.request_values(2))
        self.service_type = env["crm.smb.service.type"].create({"name": f"{tag} type"})
        self.service_stage = env["crm.smb.service.stage"].create({"name": f"{tag} stage"})
        self.tag_record = env["crm.smb.service.tag"].create({"name": f"{tag} tag"})
        self.sla = env["crm.smb.service.sla"].create({"name": f"{tag} SLA", "response_hours": 4})

        # What the analyses read: leads, orders, posted invoices of each salesman.
        Lead = env["crm.lead"]
        self.lead = Lead.create({"name": f"{tag} deal", "type": "opportunity", "user_id": sales.id})
        self.lead_2 = Lead.create({"name": f"{tag} deal 2", "type": "opportunity", "user_id": other.id})
        Order = env["sale.order"]
        self.order = Order.create({"partner_id": self.customer.id, "user_id": sales.id})
        self.order_2 = Order.create({"partner_id": self.customer_2.id, "user_id": other.id})
        self.invoice, self.invoice_2 = (
            env["account.move"]
            .create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_user_id": user.id,
                        "invoice_date": fields.Date.today(),
                        "invoice_line_ids": [Command.create({"name": tag, "quantity": 1, "price_unit": 100})],
                    }
                    for partner, user in ((self.customer, sales), (self.customer_2, other))
                ]
            )
            .sorted("id")
        )
        (self.invoice | self.invoice_2).action_post()
        # Collection plans of a confirmed order of each salesman, and their targets.
        company.crm_smb_order_approval = False
        product = env["product.product"].create({"name": f"{tag} goods", "standard_price": 1})
        self.sold, self.sold_2 = (
            Order.create(
                {
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "order_line": [Command.create({"product_id": product.id, "price_unit": 100})],
                }
            )
            for partner, user in ((self.customer, sales), (self.customer_2, other))
        )
        (self.sold | self.sold_2).action_confirm()
        Plan = env["crm.smb.collection.plan"]
        self.plan, self.plan_2 = (
            Plan.create({"order_id": order.id, "amount": 50, "date_planned": "2030-01-10"})
            for order in (self.sold, self.sold_2)
        )
        Target = env["crm.smb.target"]
        self.target, self.target_2 = (
            Target.create({"user_id": user.id, "date_start": "2030-01-01", "sales_target": 100})
            for user in (sales, other)
        )
        # Work reports: the other salesman's daily report to their team leader, read by them, under
        # the team's rule
        self.report_rule = env["crm.smb.work.report.rule"].create(
            {"team_id": self.sales_team.id, "report_type": "daily", "user_ids": [Command.set(other.ids)]}
        )
        self.work_report = (
            env["crm.smb.work.report"]
            .with_user(other)
            .create({"summary": tag, "recipient_ids": [Command.set(self.users["team"].ids)]})
        )
        self.work_report.with_user(other).action_submit()
        self.work_report.sudo().write(
            {"channel_line_ids": [Command.create({"channel_id": self.channel.id, "count": 1})]}
        )
        self.work_report.with_user(self.users["team"]).action_mark_read()
        env.flush_all()

    def request_values(self, which):
        if which == 1:
            return {
                "name": f"{self.tag} request 1",
                "partner_id": self.customer.id,
                "team_id": self.team_1.id,
                "user_id": self.users["svc"].id,
                "company_id": self.company.id,
            }
        return {
            "name": f"{self.tag} request 2",
            "partner_id": self.customer_2.id,
            "team_id": self.team_2.id,
            "user_id": self.users["svcm"].id,
            "company_id": self.company.id,
        }

    def report_row(self, model, domain):
        row = self.env[model].search(domain, limit=1)
        assert row, f"no {model} row for {domain}"
        return row

    def own(self, model, values):
        """A transient record created by the role itself (wizards are their creator's only)."""
        return lambda user: self.env[model].with_user(user).sudo().create(values(user))

    def cases(self):
        from odoo import Command

        tag, env, company = self.tag, self.env, self.company
        sales, other = self.users["sales"], self.users["other"]

        def fixed(record):
            return lambda _user: record

        def named(extra=None):
            return lambda _user: {"name": f"{tag} new", **(extra or {})}

        def followup_on(partner):
            return lambda _user: {"partner_id": partner.id, "summary": f"{tag} new", "company_id": company.id}

        def pool_values(_user):
            return {"name": f"{tag} new pool", "pool_type": "customer", "company_id": company.id}

        def rule_on(pool):
            return lambda _user: {"name": "new", "pool_id": pool.id, "days_without_followup": 5}

        def limit_on(pool):
            return lambda _user: {"pool_id": pool.id, "user_id": self.users["mgr"].id, "max_holding": 3}

        def history_in(pool, user):
            return lambda _user: {"pool_id": pool.id, "action": "claim", "to_user_id": user.id}

        def preview(user):
            return env["crm.smb.pool.preview"].with_user(user).sudo().create({})

        def pool_wizard_values(_user):
            return {"res_model": "res.partner", "res_ids": self.pool_customer.ids, "mode": "release"}

        def request_like(which):
            return lambda _user: self.request_values(which)

        none = lambda _user: {}  # noqa: E731 - a view has no values to create
        cases = [
            Case(
                "crm.smb.followup.stage",
                "crm.smb.followup.stage",
                fixed(self.stage),
                named(),
                {"sequence": 3},
            ),
            Case(
                "crm.smb.followup.channel",
                "crm.smb.followup.channel",
                fixed(self.channel),
                named(),
                {"sequence": 3},
            ),
            Case(
                "crm.smb.customer.level",
                "crm.smb.customer.level",
                fixed(self.level),
                lambda user: {"name": f"{tag} new", "code": f"{tag}-{user.id}"},
                {"sequence": 3},
            ),
            Case(
                "crm.smb.duplicate.key [salesman's customer]",
                "crm.smb.duplicate.key",
                fixed(env["crm.smb.duplicate.key"].search([("partner_id", "=", self.customer.id)])),
                lambda user: {"partner_id": self.customer_2.id},
                {"phone_key": "13800000000"},
            ),
            Case(
                "crm.smb.followup [salesman's, logged today]",
                "crm.smb.followup",
                fixed(self.followup),
                followup_on(self.customer),
                {"next_action": "call"},
            ),
            Case(
                "crm.smb.followup [salesman's, logged before]",
                "crm.smb.followup",
                fixed(self.followup_old),
                followup_on(self.customer),
                {"next_action": "call"},
            ),
            Case(
                "crm.smb.followup [other salesman's]",
                "crm.smb.followup",
                fixed(self.followup_2),
                followup_on(self.customer_2),
                {"next_action": "call"},
            ),
            Case(
                "crm.smb.handover [other -> salesman]",
                "crm.smb.handover",
                fixed(self.handover),
                lambda _user: {"from_user_id": other.id, "to_user_id": sales.id, "company_id": company.id},
                {"reason": "why"},
            ),
            Case(
                "crm.smb.handover.wizard [own]",
                "crm.smb.handover.wizard",
                self.own("crm.smb.handover.wizard", lambda _user: {"from_user_id": other.id}),
                lambda _user: {"from_user_id": other.id},
                {"reason": "why"},
            ),
            Case("crm.smb.pool [A]", "crm.smb.pool", fixed(self.pool_a), pool_values, {"max_holding": 7}),
            Case("crm.smb.pool [B]", "crm.smb.pool", fixed(self.pool_b), pool_values, {"max_holding": 7}),
            Case(
                "crm.smb.pool.rule [of pool A]",
                "crm.smb.pool.rule",
                fixed(self.rule_a),
                rule_on(self.pool_a),
                {"days_without_followup": 20},
            ),
            Case(
                "crm.smb.pool.rule [of pool B]",
                "crm.smb.pool.rule",
                fixed(self.rule_b),
                rule_on(self.pool_b),
                {"days_without_followup": 20},
            ),
            Case(
                "crm.smb.pool.limit [of pool A]",
                "crm.smb.pool.limit",
                fixed(self.limit_a),
                limit_on(self.pool_a),
                {"max_holding": 99},
            ),
            Case(
                "crm.smb.pool.limit [of pool B]",
                "crm.smb.pool.limit",
                fixed(self.limit_b),
                limit_on(self.pool_b),
                {"max_holding": 99},
            ),
            Case("crm.smb.pool.reason", "crm.smb.pool.reason", fixed(self.reason), named(), {"sequence": 3}),
            Case(
                "crm.smb.pool.history [salesman's claim, pool A]",
                "crm.smb.pool.history",
                fixed(self.history_a),
                history_in(self.history_pool_a, sales),
                {"reason": "edited"},
            ),
            Case(
                "crm.smb.pool.history [other's claim, pool B]",
                "crm.smb.pool.history",
                fixed(self.history_b),
                history_in(self.history_pool_b, other),
                {"reason": "edited"},
            ),
            Case("crm.smb.pool.preview [own]", "crm.smb.pool.preview", preview, none, {"pool_ids": []}),
            Case(
                "crm.smb.pool.preview.line [own]",
                "crm.smb.pool.preview.line",
                lambda user: (
                    env["crm.smb.pool.preview.line"]
                    .with_user(user)
                    .sudo()
                    .create({"preview_id": preview(user).id, "name": "line"})
                ),
                lambda user: {"preview_id": preview(user).id, "name": "line"},
                {"name": "edited"},
            ),
            Case(
                "crm.smb.pool.wizard [own]",
                "crm.smb.pool.wizard",
                self.own("crm.smb.pool.wizard", pool_wizard_values),
                pool_wizard_values,
                {"reason": "why"},
            ),
            Case(
                "res.partner [waiting in customer pool A]",
                "res.partner",
                fixed(self.pool_customer),
                lambda _user: {"name": f"{tag} new", "pool_id": self.pool_a.id, "pool_state": "pool"},
                {"ref": "edited"},
            ),
            Case(
                "crm.lead [waiting in lead pool A]",
                "crm.lead",
                fixed(self.pool_lead),
                lambda _user: {
                    "name": f"{tag} new",
                    "type": "lead",
                    "user_id": False,
                    "pool_id": self.lead_pool_a.id,
                    "pool_state": "pool",
                },
                {"description": "edited"},
            ),
            Case(
                "crm.smb.pool.customer [waiting in pool A]",
                "crm.smb.pool.customer",
                lambda _user: env["crm.smb.pool.customer"].browse(self.pool_customer.id),
                lambda _user: {"name": f"{tag} new"},
                {"name": "edited"},
            ),
            Case(
                "crm.smb.pool.lead [waiting in lead pool A]",
                "crm.smb.pool.lead",
                lambda _user: env["crm.smb.pool.lead"].browse(self.pool_lead.id),
                lambda _user: {"name": f"{tag} new"},
                {"name": "edited"},
            ),
            Case(
                "res.partner [salesman's customer]",
                "res.partner",
                fixed(self.customer),
                lambda _user: {"name": f"{tag} new", "user_id": sales.id},
                {"ref": "edited"},
            ),
            Case(
                "res.partner [other's customer]",
                "res.partner",
                fixed(self.customer_2),
                lambda _user: {"name": f"{tag} new", "user_id": other.id},
                {"ref": "edited"},
            ),
            Case(
                "res.partner [salesman's, other collaborates]",
                "res.partner",
                fixed(self.customer_3),
                lambda _user: {"name": f"{tag} new", "user_id": sales.id},
                {"ref": "edited"},
            ),
            Case(
                "crm.smb.collaborator [on salesman's customer]",
                "crm.smb.collaborator",
                fixed(self.collaborator),
                lambda _user: {"partner_id": self.customer_3.id, "user_id": self.users["padm"].id},
                {"access": "read"},
            ),
            Case(
                "crm.lead [salesman's]",
                "crm.lead",
                fixed(self.lead),
                lambda _user: {"name": f"{tag} new", "user_id": sales.id},
                {"description": "edited"},
            ),
            Case(
                "crm.lead [other's]",
                "crm.lead",
                fixed(self.lead_2),
                lambda _user: {"name": f"{tag} new", "user_id": other.id},
                {"description": "edited"},
            ),
            Case(
                "sale.order [salesman's]",
                "sale.order",
                fixed(self.order),
                lambda _user: {"partner_id": self.customer.id, "user_id": sales.id},
                {"client_order_ref": "edited"},
            ),
            Case(
                "sale.order [other's]",
                "sale.order",
                fixed(self.order_2),
                lambda _user: {"partner_id": self.customer_2.id, "user_id": other.id},
                {"client_order_ref": "edited"},
            ),
            Case(
                "crm.smb.service.request [T1, svc, salesman's]",
                "crm.smb.service.request",
                fixed(self.request_1),
                request_like(1),
                {"color": 3},
            ),
            Case(
                "crm.smb.service.request [T2, svcm, other's]",
                "crm.smb.service.request",
                fixed(self.request_2),
                request_like(2),
                {"color": 3},
            ),
            Case(
                "crm.smb.service.type",
                "crm.smb.service.type",
                fixed(self.service_type),
                named(),
                {"sequence": 3},
            ),
            Case(
                "crm.smb.service.stage",
                "crm.smb.service.stage",
                fixed(self.service_stage),
                named(),
                {"sequence": 3},
            ),
            Case("crm.smb.service.tag", "crm.smb.service.tag", fixed(self.tag_record), named(), {"color": 3}),
            Case(
                "crm.smb.service.team",
                "crm.smb.service.team",
                fixed(self.team_fresh),
                named({"company_id": company.id}),
                {"color": 3},
            ),
            Case(
                "crm.smb.service.sla",
                "crm.smb.service.sla",
                fixed(self.sla),
                named({"response_hours": 2, "company_id": company.id}),
                {"sequence": 3},
            ),
        ]
        reports = [
            ("crm.smb.customer.report", "salesman's customer", [("partner_id", "=", self.customer.id)]),
            ("crm.smb.customer.report", "other's customer", [("partner_id", "=", self.customer_2.id)]),
            ("crm.smb.today", "salesman's customer", [("partner_id", "=", self.customer.id)]),
            ("crm.smb.today", "other's customer", [("partner_id", "=", self.customer_2.id)]),
            ("crm.smb.stage.report", "salesman's customer", [("partner_id", "=", self.customer.id)]),
            ("crm.smb.stage.report", "other's customer", [("partner_id", "=", self.customer_2.id)]),
            ("crm.smb.pipeline.report", "salesman's lead", [("lead_id", "=", self.lead.id)]),
            ("crm.smb.pipeline.report", "other's lead", [("lead_id", "=", self.lead_2.id)]),
            ("crm.smb.sales.report", "salesman's order", [("order_id", "=", self.order.id)]),
            ("crm.smb.sales.report", "other's order", [("order_id", "=", self.order_2.id)]),
            ("crm.smb.collection.report", "salesman's inv.", [("move_id", "=", self.invoice.id)]),
            ("crm.smb.collection.report", "other's inv.", [("move_id", "=", self.invoice_2.id)]),
            ("crm.smb.collection.period.report", "salesman's", [("move_id", "=", self.invoice.id)]),
            ("crm.smb.collection.period.report", "other's", [("move_id", "=", self.invoice_2.id)]),
            ("crm.smb.pool.activity.report", "salesman's claim", [("pool_id", "=", self.history_pool_a.id)]),
            ("crm.smb.pool.activity.report", "other's claim", [("pool_id", "=", self.history_pool_b.id)]),
            ("crm.smb.pool.size.report", "pool A", [("pool_id", "=", self.pool_a.id)]),
            ("crm.smb.pool.size.report", "pool B", [("pool_id", "=", self.pool_b.id)]),
            ("crm.smb.service.report", "T1, svc, salesman's", [("request_id", "=", self.request_1.id)]),
            ("crm.smb.service.report", "T2, svcm, other's", [("request_id", "=", self.request_2.id)]),
            ("crm.smb.collection.plan.report", "salesman's", [("plan_id", "=", self.plan.id)]),
            ("crm.smb.collection.plan.report", "other's", [("plan_id", "=", self.plan_2.id)]),
            ("crm.smb.target.report", "salesman's", [("target_id", "=", self.target.id)]),
            ("crm.smb.target.report", "other's", [("target_id", "=", self.target_2.id)]),
            ("crm.smb.visit.report", "other's visit", [("followup_id", "=", self.visit_2.id)]),
        ]
        for model, what, domain in reports:
            row = self.report_row(model, domain)
            cases.append(Case(f"{model} [{what}]", model, fixed(row), none, {"company_id": company.id}))
        cases += [
            Case(
                "crm.smb.collection.plan [salesman's order]",
                "crm.smb.collection.plan",
                fixed(self.plan),
                lambda _user: {
                    "order_id": self.sold.id,
                    "instalment": 2,
                    "amount": 10,
                    "date_planned": "2030-02-01",
                },
                {"note": "call first"},
            ),
            Case(
                "crm.smb.collection.plan [other's order]",
                "crm.smb.collection.plan",
                fixed(self.plan_2),
                lambda _user: {
                    "order_id": self.sold_2.id,
                    "instalment": 2,
                    "amount": 10,
                    "date_planned": "2030-02-01",
                },
                {"note": "call first"},
            ),
            Case(
                "crm.smb.target [salesman's]",
                "crm.smb.target",
                fixed(self.target),
                lambda _user: {"user_id": sales.id, "date_start": "2030-02-01", "sales_target": 5},
                {"sales_target": 200},
            ),
            Case(
                "crm.smb.target [other's]",
                "crm.smb.target",
                fixed(self.target_2),
                lambda _user: {"user_id": other.id, "date_start": "2030-02-01", "sales_target": 5},
                {"sales_target": 200},
            ),
            Case(
                "crm.smb.work.report [other's, to team leader]",
                "crm.smb.work.report",
                fixed(self.work_report),
                lambda _user: {"report_type": "monthly", "summary": f"{tag} new"},
                {"summary": "edited"},
            ),
            Case(
                "crm.smb.work.report.channel [other's report]",
                "crm.smb.work.report.channel",
                fixed(self.work_report.channel_line_ids[:1]),
                lambda _user: {"report_id": self.work_report.id, "channel_id": self.channel.id, "count": 1},
                {"count": 5},
            ),
            Case(
                "crm.smb.work.report.read [other's report]",
                "crm.smb.work.report.read",
                fixed(self.work_report.read_ids),
                lambda user: {"report_id": self.work_report.id, "user_id": user.id},
                {"date_read": "2030-01-01 00:00:00"},
            ),
            Case(
                "crm.smb.work.report.rule [the team's]",
                "crm.smb.work.report.rule",
                fixed(self.report_rule),
                lambda _user: {"team_id": self.sales_team.id, "report_type": "weekly"},
                {"deadline": 17.0},
            ),
            Case(
                "crm.smb.work.report.completion [other's]",
                "crm.smb.work.report.completion",
                lambda _user: env["crm.smb.work.report.completion"].search(
                    [("rule_id", "=", self.report_rule.id), ("user_id", "=", other.id)], limit=1
                ),
                none,
                {"company_id": company.id},
            ),
            Case(
                "crm.smb.data.check [own]",
                "crm.smb.data.check",
                self.own("crm.smb.data.check", none),
                none,
                {"analysis": "service"},
            ),
            Case(
                "crm.smb.salesperson.report.wizard [own]",
                "crm.smb.salesperson.report.wizard",
                self.own(
                    "crm.smb.salesperson.report.wizard", lambda user: {"user_ids": [Command.set(user.ids)]}
                ),
                lambda user: {"user_ids": [Command.set(user.ids)]},
                {"date_from": "2026-01-01"},
            ),
        ]
        return cases


def attempt(env, operation):
    """True if `operation` passes the access checks, False on an AccessError or a pool field's
    UserError; undone either way."""
    from odoo.exceptions import AccessError, UserError

    try:
        with env.cr.savepoint():
            operation()
            env.cr.flush()
            raise _Undo
    except _Undo:
        return True
    except (AccessError, UserError):
        return False


def actual_cell(world, case, role, problems):
    env, user = world.env, world.users[role]
    cell = ""
    for op in OPERATIONS:
        try:
            with env.cr.savepoint():  # the target of a wizard row is created per role
                record = case.target(user).with_user(user)
                Model = env[case.model].with_user(user)
                operation = {
                    "r": lambda record=record: record.read(["display_name"]),
                    "c": lambda Model=Model: Model.create(case.create(user)),
                    "w": lambda record=record: record.write(case.write),
                    "u": lambda record=record: record.unlink(),
                }[op]
                allowed = attempt(env, operation)
                raise _Undo
        except _Undo:
            cell += op if allowed else "."
        except Exception as exc:  # noqa: BLE001 - anything but an access refusal is a broken case
            problems.append(f"{case.label} / {role} / {op}: {type(exc).__name__}: {exc}")
            cell += "!"
    return cell


def test_access_matrix(odoo_env, run_id):
    world = World(odoo_env, f"relm{run_id}")
    expected, marked = parse_table(EXPECTED)
    cases = world.cases()
    assert [case.label for case in cases] == list(expected), "the rows tried are the rows expected"
    problems = []
    actual = {
        case.label: {role: actual_cell(world, case, role, problems) for role in ROLES} for case in cases
    }
    print("\nAccess matrix (r read, c create, w write, u delete; . refused):")
    print("\n".join(f"  {role:<7}{label}" for role, (label, _groups) in ROLES.items()))
    print(format_table(actual, marked))
    if KNOWN_GAPS:
        print("Known gaps (*):\n" + "\n".join(f"  {who}: {what}" for who, what in KNOWN_GAPS.items()))
    assert not problems, "operations failing otherwise than by access rights:\n" + "\n".join(problems)
    differences = [
        f"{label} / {role}: expected {expected[label][role]}, got {cells[role]}"
        for label, cells in actual.items()
        for role in ROLES
        if cells[role] != expected[label][role]
    ]
    assert not differences, "access differs from the intended matrix:\n" + "\n".join(differences)


def test_every_model_with_access_rights_is_in_the_matrix(odoo_env):
    """A new model of the suite gets a row (and so a decision) in the matrix."""
    from tools import suite

    models = set()
    for module in suite.MODULES:
        text = (suite.ADDONS_DIR / module / "security" / "ir.model.access.csv").read_text()
        for line in csv.DictReader(io.StringIO(text)):
            xmlid = line["model_id:id"]
            models.add(odoo_env.ref(xmlid if "." in xmlid else f"{module}.{xmlid}").model)
    rows = {re.sub(r" \[.*", "", label) for label in parse_table(EXPECTED)[0]}
    assert models - rows == set(), "models with access rights but no row in the matrix"


# -- contact details hidden by a pool, through a real server ------------------------------------
