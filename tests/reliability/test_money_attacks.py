"""Order approval (审核) and collection plans (回款计划) attacked over JSON-RPC on a real server.

A salesperson tries to approve their own quotation (the review, the order's state, a forged
review), to type what was collected, and to read or plan another salesperson's collections;
a portal user and another company's manager try to read them. The team leader approves the
way the form does it. Everything runs in a company of its own, removed at the end.
"""

import pytest

from .conftest import JsonRpc, create_user, refused


@pytest.fixture(scope="module")
def money(odoo_db, committed, run_id):
    from odoo import Command

    tag = f"money{run_id}"
    with committed() as env:
        company = env["res.company"].create({"name": f"{tag} Co", "currency_id": env.ref("base.CNY").id})
        env.ref("base.CNY").active = True
        other_company = env["res.company"].create({"name": f"{tag} Other Co"})
        company.write(
            {
                "crm_smb_order_approval": True,
                "crm_smb_approval_amount": 50000.0,
                "crm_smb_approval_manager_amount": 1000000.0,
            }
        )
        sales = ["sales_team.group_sale_salesman", "base.group_allow_export"]
        seller = create_user(env, f"{tag}_seller", sales, company=company, password=True)
        rival = create_user(env, f"{tag}_rival", sales, company=company, password=True)
        leader = create_user(
            env, f"{tag}_leader", ["sales_team.group_sale_salesman_all_leads"], company=company, password=True
        )
        stranger = create_user(
            env, f"{tag}_stranger", ["sales_team.group_sale_manager"], company=other_company, password=True
        )
        customer = env["res.partner"].create({"name": f"{tag} Customer", "company_id": company.id})
        portal = create_user(
            env, f"{tag}_portal", ["base.group_portal"], company=company, password=True, partner=customer
        )
        team = env["crm.team"].create(
            {
                "name": f"{tag} team",
                "company_id": company.id,
                "user_id": leader.id,
                "member_ids": [Command.link(seller.id), Command.link(rival.id)],
            }
        )
        product = (
            env["product.product"]
            .with_company(company)
            .create({"name": f"{tag} machine", "standard_price": 500.0, "company_id": company.id})
        )

        def order(user, amount, confirm):
            record = (
                env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": customer.id,
                        "user_id": user.id,
                        "team_id": team.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create({"product_id": product.id, "price_unit": amount, "tax_id": []})
                        ],
                    }
                )
            )
            if confirm:
                record.action_confirm()
            return record

        big = order(seller, 80000, confirm=False)
        big.with_user(seller).with_company(company).request_validation()
        small = order(seller, 1000, confirm=True)
        mine = order(seller, 9000, confirm=True)
        theirs = order(rival, 9000, confirm=True)
        plans = env["crm.smb.collection.plan"].create(
            [
                {"order_id": mine.id, "instalment": 1, "amount": 9000, "date_planned": "2030-01-10"},
                {"order_id": theirs.id, "instalment": 1, "amount": 9000, "date_planned": "2030-01-10"},
            ]
        )
        ids = {
            "company": company.id,
            "other_company": other_company.id,
            "big": big.id,
            "small": small.id,
            "review": big.review_ids.id,
            "definition": big.review_ids.definition_id.id,
            "my_plan": plans[0].id,
            "their_plan": plans[1].id,
            "their_order": theirs.id,
        }
        logins = {
            "seller": seller.login,
            "leader": leader.login,
            "stranger": stranger.login,
            "portal": portal.login,
        }
    yield ids, logins
    with committed() as env:
        orders = env["sale.order"].search([("company_id", "=", ids["company"])])
        env["crm.smb.collection.plan"].sudo().search([("order_id", "in", orders.ids)]).unlink()
        env["tier.review"].search([("model", "=", "sale.order"), ("res_id", "in", orders.ids)]).unlink()
        orders.with_context(disable_cancel_warning=True).action_cancel()
        orders.unlink()
        env["tier.definition"].with_context(active_test=False).search(
            [("company_id", "in", [ids["company"], ids["other_company"]])]
        ).unlink()
        env["crm.team"].search([("name", "=", f"{tag} team")]).unlink()
        users = env["res.users"].with_context(active_test=False).search([("login", "like", tag)])
        partners = users.partner_id | env["res.partner"].search([("name", "like", tag)])
        users.unlink()
        env["product.product"].with_context(active_test=False).search([("name", "like", tag)]).unlink()
        for company_id in (ids["company"], ids["other_company"]):
            company = env["res.company"].browse(company_id)
            try:
                with env.cr.savepoint():
                    company.unlink()
            except Exception:  # noqa: BLE001 - a company something still uses is archived instead
                company.active = False
        partners.exists().unlink()


@pytest.fixture(scope="module")
def rpc(odoo_server, odoo_db, money):
    _ids, logins = money
    return {name: JsonRpc(odoo_server, odoo_db[1], login, login) for name, login in logins.items()}


def test_salesperson_cannot_approve_their_own_quotation(money, rpc):
    ids, _logins = money
    seller = rpc["seller"]
    ctx = {"context": {"allowed_company_ids": [ids["company"]]}}
    assert refused(
        lambda: seller("tier.review", "write", [ids["review"]], {"status": "approved"}, **ctx)
    ).name.endswith("AccessError")
    refused(lambda: seller("tier.review", "write", [ids["review"]], {"res_id": ids["small"]}, **ctx))
    refused(
        lambda: seller(
            "tier.review",
            "create",
            {
                "model": "sale.order",
                "res_id": ids["big"],
                "definition_id": ids["definition"],
                "status": "approved",
            },
            **ctx,
        )
    )
    refused(
        lambda: seller(
            "tier.review",
            "create",
            {
                "model": "sale.order",
                "res_id": ids["big"],
                "definition_id": ids["definition"],
                "reviewer_ids": [(6, 0, [seller.uid])],
            },
            **ctx,
        )
    )
    # the buttons' methods: validate_tier does nothing for a non-approver, confirm and send refuse
    seller("sale.order", "validate_tier", [ids["big"]], **ctx)
    refused(lambda: seller("sale.order", "action_confirm", [ids["big"]], **ctx))
    refused(lambda: seller("sale.order", "write", [ids["big"]], {"state": "sale"}, **ctx))
    refused(lambda: seller("sale.order", "action_quotation_sent", [ids["big"]], **ctx))
    [order] = seller("sale.order", "read", [ids["big"]], ["state", "validation_status"], **ctx)
    assert order["state"] == "draft"
    assert order["validation_status"] != "validated"


def test_leader_approves_as_the_form_does(money, rpc):
    ids, _logins = money
    leader = rpc["leader"]
    ctx = {"context": {"allowed_company_ids": [ids["company"]]}}
    action = leader("sale.order", "validate_tier", [ids["big"]], **ctx)
    wizard = leader(
        "comment.wizard",
        "create",
        {
            "comment": "同意",
            "res_model": "sale.order",
            "res_id": ids["big"],
            "validate_reject": "validate",
            "review_ids": [(6, 0, action["context"]["default_review_ids"])],
        },
        **ctx,
    )
    leader("comment.wizard", "add_comment", [wizard], **ctx)
    [order] = leader("sale.order", "read", [ids["big"]], ["validation_status"], **ctx)
    assert order["validation_status"] == "validated"


def test_collected_amounts_are_not_typed(money, rpc):
    ids, _logins = money
    seller = rpc["seller"]
    ctx = {"context": {"allowed_company_ids": [ids["company"]]}}
    for forged in ({"amount_collected": 9000}, {"state": "paid"}, {"notified_state": "overdue"}):
        refused(
            lambda forged=forged: seller("crm.smb.collection.plan", "write", [ids["my_plan"]], forged, **ctx)
        )
    [plan] = seller("crm.smb.collection.plan", "read", [ids["my_plan"]], ["amount_collected", "state"], **ctx)
    assert (plan["amount_collected"], plan["state"]) == (0.0, "pending")


def test_another_salespersons_collections_stay_hidden(money, rpc):
    ids, _logins = money
    seller = rpc["seller"]
    ctx = {"context": {"allowed_company_ids": [ids["company"]]}}
    assert seller("crm.smb.collection.plan", "search", [("id", "=", ids["their_plan"])], **ctx) == []
    refused(lambda: seller("crm.smb.collection.plan", "read", [ids["their_plan"]], ["amount"], **ctx))
    refused(lambda: seller("crm.smb.collection.plan", "export_data", [ids["their_plan"]], ["amount"], **ctx))
    refused(lambda: seller("crm.smb.collection.plan", "action_cancel", [ids["their_plan"]], **ctx))
    groups = seller(
        "crm.smb.collection.plan.report",
        "read_group",
        [],
        ["amount_planned:sum"],
        ["user_id"],
        **ctx,
    )
    assert {group["user_id"][0] for group in groups} <= {seller.uid}
    refused(
        lambda: seller(
            "crm.smb.collection.plan",
            "create",
            {"order_id": ids["their_order"], "instalment": 2, "amount": 1, "date_planned": "2030-02-01"},
            **ctx,
        )
    )


def test_portal_and_other_company_never_see_collections(money, rpc):
    ids, _logins = money
    refused(lambda: rpc["portal"]("crm.smb.collection.plan", "search_read", [], ["amount"]))
    assert (
        rpc["stranger"](
            "crm.smb.collection.plan",
            "search",
            [("id", "in", [ids["my_plan"], ids["their_plan"]])],
            context={"allowed_company_ids": [ids["other_company"]]},
        )
        == []
    )
    refused(
        lambda: rpc["stranger"](
            "crm.smb.collection.plan",
            "read",
            [ids["my_plan"]],
            ["amount"],
            context={"allowed_company_ids": [ids["company"]]},
        )
    )
