"""Claims under load: 16 JSON-RPC clients against Odoo with 4 workers.

2,000 claim attempts, each on a record picked at random from a pool of 1,000 with
daily and holding limits, so that clients collide on records and run into their
limits. Reported: p50/p95 latency, throughput, double claims and limit violations
(both must be 0), beside a plain `write` RPC by the same clients in the same run.
Target: claim p50 ≤ 2× the plain write's p50.
"""

import random
import statistics
import threading
import time
import uuid

import pytest
import requests

from .conftest import check_target, odoo_server, table

pytestmark = pytest.mark.bench

CLIENTS = 16
ATTEMPTS = 2000
POOL_SIZE = 1000
CLAIMS_PER_DAY = 60
HOLDING = 50
WRITES_PER_CLIENT = 50
TARGET = 2.0
PASSWORD = "bench-claims"  # noqa: S105 - throwaway users of the benchmark database


class Client:
    """One salesperson's JSON-RPC connection (keep-alive session)."""

    def __init__(self, url, database, uid):
        self.url, self.database, self.uid = url, database, uid
        self.session = requests.Session()

    def call(self, model, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self.database, self.uid, PASSWORD, model, method, list(args)],
            },
        }
        reply = self.session.post(f"{self.url}/jsonrpc", json=payload, timeout=120).json()
        return reply.get("result"), reply.get("error")


def _setup(env, tag):
    """16 salespeople, a pool of 1,000 customers waiting in it, limits set (committed)."""
    groups = env.ref("sales_team.group_sale_salesman") | env.ref("base.group_partner_manager")
    Users = env["res.users"].with_context(active_test=False, no_reset_password=True, mail_create_nolog=True)
    users = Users.browse()
    for i in range(CLIENTS):  # kept between runs, like the dataset's own users
        login = f"bench_claimer_{i}"
        user = Users.search([("login", "=", login)]) or Users.create(
            {"name": f"Claimer {i}", "login": login, "password": PASSWORD}  # set once: no security mail
        )
        user.write({"active": True, "groups_id": [(6, 0, groups.ids)]})
        users |= user
    pool = env["crm.smb.pool"].create(
        {
            "name": f"Bench claims {tag}",
            "pool_type": "customer",
            "member_ids": [(6, 0, users.ids)],
            "max_claims_per_day": CLAIMS_PER_DAY,
            "max_holding": HOLDING,
            "mask_contact_details": True,
        }
    )
    partners = (
        env["res.partner"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {"name": f"Claimable {tag} {i}", "is_company": True, "pool_id": pool.id, "pool_state": "pool"}
                for i in range(POOL_SIZE)
            ]
        )
    )
    env.cr.commit()
    return users, pool, partners


def _teardown(env, pool, partners):
    env.cr.rollback()  # a fresh snapshot: the server changed these rows
    env.cr.execute("DELETE FROM crm_smb_pool_history WHERE pool_id = %s", [pool.id])
    env.cr.execute(
        "DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = ANY(%s)", [partners.ids]
    )
    env.cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [partners.ids])
    env.cr.execute("DELETE FROM crm_smb_pool WHERE id = %s", [pool.id])
    env.cr.commit()


def _run_clients(url, database, users, work):
    """Make the calls `work(index)` lists (model, method, args), one thread per user.

    Return the total seconds and the (seconds, error) of every call.
    """
    calls = [[] for _user in users]
    start = threading.Barrier(len(users))

    def run(index, uid):
        client = Client(url, database, uid)
        client.call("res.users", "read", [uid], ["name"])  # log in (credentials cached per worker)
        start.wait()
        for model, method, args in work(index):
            begin = time.perf_counter()
            try:
                _result, error = client.call(model, method, *args)
            except requests.RequestException as exc:  # counted as a failure, not lost in the thread
                error = {"message": str(exc)}
            calls[index].append((time.perf_counter() - begin, error))

    threads = [threading.Thread(target=run, args=(i, user.id)) for i, user in enumerate(users)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - begin, [call for per_client in calls for call in per_client]


def _percentile(values, pct):
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1] * 1000


def _refusal(error):
    """The user-facing message of a refused claim, or None for anything else (a traceback)."""
    data = (error or {}).get("data", {})
    if data.get("name") == "odoo.exceptions.UserError":
        message = data.get("message", "")
        for kind in ("just claimed", "claiming or moving", "Daily claim limit", "Holding limit"):
            if kind in message:
                return kind
    return None


def _integrity(env, pool, users):
    """Double claims, limit violations and owners that do not match the history, after the run."""
    env.cr.rollback()  # a fresh snapshot, to see what the server committed
    env.invalidate_all()
    cr = env.cr
    cr.execute(
        "SELECT count(*) FROM (SELECT partner_id FROM crm_smb_pool_history"
        " WHERE pool_id = %s AND action = 'claim' GROUP BY partner_id HAVING count(*) > 1) doubles",
        [pool.id],
    )
    double_claims = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM (SELECT to_user_id FROM crm_smb_pool_history"
        " WHERE pool_id = %s AND action = 'claim' GROUP BY to_user_id HAVING count(*) > %s) over",
        [pool.id, CLAIMS_PER_DAY],
    )
    violations = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM (SELECT user_id FROM res_partner WHERE pool_id = %s AND user_id = ANY(%s)"
        " GROUP BY user_id HAVING count(*) > %s) over",
        [pool.id, users.ids, HOLDING],
    )
    violations += cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM crm_smb_pool_history history"
        " JOIN res_partner partner ON partner.id = history.partner_id"
        " WHERE history.pool_id = %s AND history.action = 'claim'"
        " AND history.to_user_id IS DISTINCT FROM partner.user_id",
        [pool.id],
    )
    mismatches = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM crm_smb_pool_history WHERE pool_id = %s AND action = 'claim'", [pool.id])
    return {
        "double_claims": double_claims,
        "limit_violations": violations,
        "owner_mismatches": mismatches,
        "history_claims": cr.fetchone()[0],
    }


def test_concurrent_claims_against_plain_write(bench_db, bench_env, bench_scale, results):
    _odoo, registry = bench_db
    env = bench_env
    users, pool, partners = _setup(env, uuid.uuid4().hex[:6])
    rng = random.Random(42)  # noqa: S311 - a reproducible plan, not a secret
    plan = [[rng.choice(partners.ids) for _i in range(ATTEMPTS // CLIENTS)] for _user in users]
    try:
        with odoo_server(registry.db_name, "--workers=4") as (url, _process):
            claim_seconds, claim_calls = _run_clients(
                url,
                registry.db_name,
                users,
                # Members claim through the pool model, as the Customer Pool list does.
                lambda index: [("crm.smb.pool.customer", "action_claim", ([pid],)) for pid in plan[index]],
            )
            checks = _integrity(env, pool, users)
            owned = {
                user.id: env["res.partner"].search([("pool_id", "=", pool.id), ("user_id", "=", user.id)]).ids
                for user in users
            }

            def writes(index):  # each salesperson edits the customers just claimed
                mine = owned[users[index].id]
                return [
                    ("res.partner", "write", ([mine[i % len(mine)]], {"function": f"Buyer {i}"}))
                    for i in range(WRITES_PER_CLIENT)
                ]

            write_seconds, write_calls = _run_clients(url, registry.db_name, users, writes)
    finally:
        _teardown(env, pool, partners)
    _report(results, bench_scale, (claim_seconds, claim_calls), (write_seconds, write_calls), checks)


def _report(results, bench_scale, claims, writes, checks):
    claim_seconds, claim_calls = claims
    write_seconds, write_calls = writes
    won = [seconds for seconds, error in claim_calls if not error]
    refusals = {}
    unexpected = []
    for _seconds, error in claim_calls:
        if error:
            kind = _refusal(error)
            if kind:
                refusals[kind] = refusals.get(kind, 0) + 1
            else:
                unexpected.append(error)
    write_errors = [error for _seconds, error in write_calls if error]
    assert not write_errors, f"plain writes failed: {write_errors[:1]}"
    claim_latencies = [seconds for seconds, _error in claim_calls]
    write_latencies = [seconds for seconds, error in write_calls if not error]
    claim_p50, claim_p95 = _percentile(claim_latencies, 50), _percentile(claim_latencies, 95)
    write_p50, write_p95 = _percentile(write_latencies, 50), _percentile(write_latencies, 95)
    ratio = claim_p50 / write_p50
    table(
        f"Claims: {CLIENTS} clients, {len(claim_calls)} attempts on a pool of {POOL_SIZE} "
        f"(limits {CLAIMS_PER_DAY}/day, holding {HOLDING}), Odoo --workers=4",
        ("call", "calls", "p50 ms", "p95 ms", "calls/s"),
        [
            (
                "claim (crm.smb.pool.customer.action_claim)",
                len(claim_calls),
                f"{claim_p50:.0f}",
                f"{claim_p95:.0f}",
                f"{len(claim_calls) / claim_seconds:.0f}",
            ),
            (
                "plain write",
                len(write_calls),
                f"{write_p50:.0f}",
                f"{write_p95:.0f}",
                f"{len(write_calls) / write_seconds:.0f}",
            ),
            ("claim p50 / write p50", f"{ratio:.1f}×", "", "", ""),
        ],
    )
    table(
        "Claim outcomes",
        ("outcome", "count"),
        [
            ("claimed", len(won)),
            *sorted(refusals.items()),
            ("other errors (tracebacks)", len(unexpected)),
            ("double claims", checks["double_claims"]),
            ("limit violations", checks["limit_violations"]),
        ],
    )
    results["claims"] = {
        "clients": CLIENTS,
        "attempts": len(claim_calls),
        "claimed": len(won),
        "refusals": refusals,
        "claim_p50_ms": claim_p50,
        "claim_p95_ms": claim_p95,
        "claims_per_s": len(claim_calls) / claim_seconds,
        "write_p50_ms": write_p50,
        "write_p95_ms": write_p95,
        **checks,
    }
    assert not unexpected, f"refusals must be user errors, got: {unexpected[:2]}"
    assert checks["double_claims"] == 0
    assert checks["limit_violations"] == 0
    assert checks["owner_mismatches"] == 0, "a claimed record is owned by the user whose claim was recorded"
    assert len(won) == checks["history_claims"], "one history row per successful claim"
    check_target(bench_scale, ratio <= TARGET, f"claim p50 is {ratio:.1f}× a plain write")
