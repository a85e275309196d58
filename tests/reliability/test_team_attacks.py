"""The team documents level (数据权限 "own + my team's") attacked over JSON-RPC on a real server.

A team leader (OCA sales_team_security's "User: Team Documents Only", leader of a sales team)
and a member of that team try to reach the work of a salesperson outside the team: by id, by
domain, through aggregates and exports of related paths, and by widening the team itself.
Everything runs in a company of its own, removed at the end.
"""

import pytest

from .conftest import JsonRpc, create_user, refused


@pytest.fixture(scope="module")
def team_world(odoo_db, committed, run_id):
    from odoo import Command

    tag = f"team{run_id}"
    with committed() as env:
        company = env["res.company"].create({"name": f"{tag} Co"})
        sales = ["sales_team.group_sale_salesman", "base.group_allow_export"]
        leader = create_user(
            env,
            f"{tag}_leader",
            ["sales_team_security.group_sale_team_manager", "base.group_allow_export"],
            company=company,
            password=True,
        )
        member = create_user(env, f"{tag}_member", sales, company=company, password=True)
        outsider = create_user(env, f"{tag}_outsider", sales, company=company, password=True)
        team = env["crm.team"].create(
            {
                "name": f"{tag} team",
                "company_id": company.id,
                "user_id": leader.id,
                "member_ids": [Command.link(member.id)],
            }
        )
        customers, leads, followups = {}, {}, {}
        for name, user in (("leader", leader), ("member", member), ("outsider", outsider)):
            customers[name] = env["res.partner"].create(
                {
                    "name": f"{tag} {name}'s customer",
                    "is_company": True,
                    "user_id": user.id,
                    "phone": f"+86 21 5555 00{len(customers)}0",
                }
            )
            leads[name] = env["crm.lead"].create(
                {
                    "name": f"{tag} {name}'s deal",
                    "type": "opportunity",
                    "user_id": user.id,
                    "company_id": company.id,
                    "expected_revenue": 1000,
                }
            )
            followups[name] = (
                env["crm.smb.followup"]
                .with_user(user)
                .with_company(company)
                .create({"partner_id": customers[name].id, "summary": f"{tag} {name} called"})
            )
        ids = {
            "company": company.id,
            "team": team.id,
            "outsider": outsider.id,
            "member": member.id,
            "customers": {name: record.id for name, record in customers.items()},
            "leads": {name: record.id for name, record in leads.items()},
            "followups": {name: record.id for name, record in followups.items()},
        }
        logins = {"leader": leader.login, "member": member.login, "outsider": outsider.login}
    yield ids, logins
    with committed() as env:
        env["crm.smb.followup"].search([("id", "in", list(ids["followups"].values()))]).unlink()
        env["crm.lead"].with_context(active_test=False).search([("name", "like", tag)]).unlink()
        env["crm.team"].with_context(active_test=False).search([("name", "=", f"{tag} team")]).unlink()
        users = env["res.users"].with_context(active_test=False).search([("login", "like", tag)])
        partners = users.partner_id | env["res.partner"].search([("name", "like", tag)])
        # a submitted work report stays for users; the test's go with their authors
        env.cr.execute("DELETE FROM crm_smb_work_report WHERE user_id IN %s", [tuple(users.ids)])
        users.unlink()
        company = env["res.company"].browse(ids["company"])
        (partners - company.partner_id).exists().unlink()
        try:
            with env.cr.savepoint():
                company.unlink()
        except Exception:  # noqa: BLE001 - a company something still uses is archived instead
            company.active = False


@pytest.fixture(scope="module")
def rpc(odoo_server, odoo_db, team_world):
    _ids, logins = team_world
    return {name: JsonRpc(odoo_server, odoo_db[1], login, login) for name, login in logins.items()}


def test_leader_reads_the_team_and_not_the_outsider(team_world, rpc):
    ids, _logins = team_world
    leader = rpc["leader"]
    customers, leads = ids["customers"], ids["leads"]
    found = leader("res.partner", "search", [("id", "in", list(customers.values()))])
    assert sorted(found) == sorted([customers["leader"], customers["member"]])
    found = leader("crm.lead", "search", [("id", "in", list(leads.values()))])
    assert sorted(found) == sorted([leads["leader"], leads["member"]])
    # by id, by a domain on the owner, by a related path
    assert refused(lambda: leader("res.partner", "read", [customers["outsider"]], ["phone"])).name.endswith(
        "AccessError"
    )
    assert leader("crm.lead", "search", [("user_id", "=", ids["outsider"])]) == []
    assert leader("crm.smb.followup", "search", [("partner_id.user_id", "=", ids["outsider"])]) == []
    assert refused(lambda: leader("crm.lead", "write", [leads["outsider"]], {"user_id": rpc["leader"].uid}))


def test_aggregates_and_exports_hold_the_team_only(team_world, rpc):
    ids, _logins = team_world
    leader = rpc["leader"]
    groups = leader(
        "crm.lead",
        "read_group",
        [("company_id", "=", ids["company"])],
        ["expected_revenue:sum"],
        ["user_id"],
    )
    owners = {group["user_id"][0] for group in groups}
    assert ids["outsider"] not in owners
    assert ids["member"] in owners
    assert sum(group["expected_revenue"] for group in groups) == 2000
    followups = list(ids["followups"].values())
    refused(lambda: leader("crm.smb.followup", "export_data", followups, ["summary", "partner_id/phone"]))
    found = leader("crm.smb.followup", "search", [("id", "in", followups)])
    rows = leader("crm.smb.followup", "export_data", found, ["summary", "partner_id/phone"])["datas"]
    assert sorted(row[0].rsplit(" ", 2)[1] for row in rows) == ["leader", "member"]
    report = leader(
        "crm.smb.customer.report",
        "read_group",
        [("partner_id", "in", list(ids["customers"].values()))],
        ["partner_id"],
        ["partner_id"],
    )
    assert {group["partner_id"][0] for group in report} == {
        ids["customers"]["leader"],
        ids["customers"]["member"],
    }


def test_team_members_stay_on_their_own(team_world, rpc):
    ids, _logins = team_world
    member = rpc["member"]
    found = member("res.partner", "search", [("id", "in", list(ids["customers"].values()))])
    assert found == [ids["customers"]["member"]]
    found = member("crm.smb.followup", "search", [("id", "in", list(ids["followups"].values()))])
    assert found == [ids["followups"]["member"]]


def test_nobody_widens_their_team(team_world, rpc):
    ids, _logins = team_world
    for who in ("leader", "member", "outsider"):
        user = rpc[who]
        refused(
            lambda user=user: user("crm.team", "write", [ids["team"]], {"member_ids": [(4, ids["outsider"])]})
        )
        refused(
            lambda user=user: user(
                "crm.team.member", "create", {"crm_team_id": ids["team"], "user_id": rpc["outsider"].uid}
            )
        )
        refused(lambda user=user: user("crm.team", "write", [ids["team"]], {"user_id": user.uid}))
    found = rpc["leader"]("res.partner", "search", [("id", "=", ids["customers"]["outsider"])])
    assert found == []


def test_collaborators_cannot_be_forged(team_world, rpc):
    """Nobody names themselves collaborator of a colleague's customer, nor moves a collaborator
    row onto one, nor revives an ended one."""
    ids, _logins = team_world
    outsider, member = rpc["outsider"], rpc["member"]
    customers = ids["customers"]
    refused(
        lambda: outsider(
            "crm.smb.collaborator",
            "create",
            {"partner_id": customers["member"], "user_id": outsider.uid, "access": "edit"},
        )
    )
    # the member shares their own customer with the outsider, who then tries to move the row
    [row] = member(
        "crm.smb.collaborator",
        "create",
        [{"partner_id": customers["member"], "user_id": outsider.uid, "access": "read"}],
    )
    assert outsider("res.partner", "search", [("id", "=", customers["member"])]) == [customers["member"]]
    refused(lambda: outsider("res.partner", "write", [customers["member"]], {"ref": "X"}))
    refused(lambda: member("crm.smb.collaborator", "write", [row], {"partner_id": customers["leader"]}))
    refused(lambda: outsider("crm.smb.collaborator", "write", [row], {"access": "edit"}))
    member("crm.smb.collaborator", "unlink", [row])
    assert outsider("res.partner", "search", [("id", "=", customers["member"])]) == []
    assert (
        outsider(
            "res.partner",
            "search",
            [("id", "=", customers["member"])],
            context={"active_test": False},
        )
        == []
    )


def test_work_reports_and_check_ins_hold(team_world, rpc):
    """A work report reaches its recipients and the author's leader only, its figures are never
    another's; a visit's check-in is the server's."""
    ids, _logins = team_world
    member, outsider, leader = rpc["member"], rpc["outsider"], rpc["leader"]
    [report] = member("crm.smb.work.report", "create", [{"summary": "Visited two plants"}])
    member("crm.smb.work.report", "action_submit", [report])
    assert leader("crm.smb.work.report", "search", [("id", "=", report)]) == [report]
    assert outsider("crm.smb.work.report", "search", [("id", "=", report)]) == []
    refused(lambda: leader("crm.smb.work.report", "write", [report], {"summary": "Rewritten"}))
    refused(lambda: member("crm.smb.work.report", "write", [report], {"followup_count": 99}))
    # an onchange naming the member as author gives the outsider nothing of the member's
    answer = outsider(
        "crm.smb.work.report",
        "onchange",
        [],
        {"user_id": ids["member"], "report_type": "daily", "date": False},
        ["date"],
        {"followup_count": {}, "followup_ids": {"fields": {"summary": {}}}, "user_id": {}, "date": {}},
    )
    assert not answer["value"].get("followup_ids"), answer
    assert not answer["value"].get("followup_count"), answer
    # check-ins: only by the visit's salesperson, never typed
    followup = ids["followups"]["member"]
    refused(lambda: member("crm.smb.followup", "write", [followup], {"checkin_date": "2026-01-01 08:00:00"}))
    refused(lambda: leader("crm.smb.followup", "action_check_in", [followup], 30.0, 120.0, 10))
    refused(lambda: outsider("crm.smb.followup", "action_check_in", [followup], 30.0, 120.0, 10))
