"""Pools under real concurrency: contested claims, claims during recycling, a killed job, two cron workers.

Everything here is committed (other connections and processes must see it) under this run's
names, and removed at the end. Claims go through a real server over JSON-RPC, so that Odoo's
own retry of conflicting transactions is part of what is tested.
"""

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg2
import pytest

from .conftest import JsonRpc, RpcError, create_user

pytestmark = pytest.mark.db

CLEAR_REFUSALS = ("just claimed", "claiming or moving")


def utc_now():
    return datetime.now(timezone.utc).replace(tzinfo=None)  # what Odoo stores


class PoolWorld:
    """A customer pool with members, its records and what the runs wrote, removed afterwards."""

    def __init__(self, committed, tag, members=0):
        self.committed, self.tag = committed, tag
        with committed() as env:
            self.owner = create_user(env, f"{tag}_owner", ["sales_team.group_sale_salesman"]).id
            self.members = [
                create_user(env, f"{tag}_m{i}", ["sales_team.group_sale_salesman"], password=True).id
                for i in range(members)
            ]
            pool = env["crm.smb.pool"].create(
                {
                    "name": f"{tag} pool",
                    "pool_type": "customer",
                    "member_ids": [(6, 0, self.members)],
                    "max_claims_per_day": 0,
                    "max_holding": 0,
                    "reclaim_cooldown_days": 0,
                }
            )
            env["crm.smb.pool.rule"].create(
                {"name": f"{tag} rule", "pool_id": pool.id, "days_without_followup": 1, "warning_days": 0}
            )
            self.pool = pool.id
        self.partners = []

    def add(self, count, *, due):
        """`count` customers: overdue ones owned by `owner`, or else waiting in the pool."""
        long_ago = utc_now() - timedelta(days=30)
        with self.committed() as env:
            values = {"pool_id": self.pool, "is_company": True}
            if due:
                values.update(user_id=self.owner, date_claimed=long_ago, pool_state="owned")
            else:
                values.update(user_id=False, pool_state="pool")
            partners = (
                env["res.partner"]
                .with_context(tracking_disable=True, mail_create_nolog=True)
                .create([{**values, "name": f"{self.tag} {len(self.partners) + i}"} for i in range(count)])
            )
            if due:
                assert all(p.recycle_deadline and p.recycle_deadline < utc_now() for p in partners)
        self.partners += partners.ids
        return partners.ids

    def state(self):
        """{partner id: (owner id, pool state)} and {partner id: [history actions]} as committed."""
        with self.committed() as env:
            env.cr.execute(
                "SELECT id, user_id, pool_state FROM res_partner WHERE id = ANY(%s)", [self.partners]
            )
            owners = {row[0]: (row[1], row[2]) for row in env.cr.fetchall()}
            env.cr.execute(
                "SELECT partner_id, action, to_user_id FROM crm_smb_pool_history"
                " WHERE partner_id = ANY(%s) ORDER BY id",
                [self.partners],
            )
            history = {}
            for partner_id, action, to_user in env.cr.fetchall():
                history.setdefault(partner_id, []).append((action, to_user))
            env.cr.execute(
                "SELECT res_id, count(*) FROM mail_message WHERE model = 'res.partner'"
                " AND res_id = ANY(%s) AND body::text LIKE %s GROUP BY res_id",
                [self.partners, "%Recycled to the pool%"],
            )
            notes = dict(env.cr.fetchall())
        return owners, history, notes

    def remove(self):
        with self.committed() as env:
            cr = env.cr
            cr.execute("DELETE FROM crm_smb_pool_history WHERE pool_id = %s", [self.pool])
            cr.execute(
                "DELETE FROM mail_activity WHERE res_model = 'res.partner' AND res_id = ANY(%s)",
                [self.partners],
            )
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = ANY(%s)", [self.partners]
            )
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [self.partners])
            cr.execute("DELETE FROM crm_smb_pool_rule WHERE pool_id = %s", [self.pool])
            cr.execute("DELETE FROM crm_smb_pool WHERE id = %s", [self.pool])
            env["res.users"].browse([self.owner, *self.members]).write({"active": False})


@pytest.fixture
def world(committed, run_id, request):
    worlds = []

    def make(members=0):
        worlds.append(PoolWorld(committed, f"race{run_id}{len(worlds)}{request.node.name[-4:]}", members))
        return worlds[-1]

    yield make
    for made in worlds:
        made.remove()


def _claim_all(url, db, logins_uids, plan):
    """Each member claims the records of its plan over JSON-RPC; return {partner: [(uid, outcome)]}."""
    outcomes = {}
    lock = threading.Lock()
    start = threading.Barrier(len(plan))

    def run(login, uid, partner_ids):
        client = JsonRpc(url, db, login, login)
        start.wait()
        for partner_id in partner_ids:
            try:
                client("crm.smb.pool.customer", "action_claim", [partner_id])  # as the pool list does
                outcome = "won"
            except RpcError as error:
                outcome = error
            with lock:
                outcomes.setdefault(partner_id, []).append((uid, outcome))

    threads = [
        threading.Thread(target=run, args=(login, uid, partner_ids))
        for (login, uid), partner_ids in zip(logins_uids, plan, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return outcomes


def _logins(env_committed, world):
    with env_committed() as env:
        return [(user.login, user.id) for user in env["res.users"].browse(world.members)]


def test_contested_claims_one_winner_each(world, committed, odoo_server, odoo_db):
    """1,000 claims: 10 members race for the same 100 records, each in its own order."""
    pool = world(members=10)
    partner_ids = pool.add(100, due=False)
    rng = random.Random(7)  # noqa: S311 - a reproducible race, not a secret
    plan = [rng.sample(partner_ids, len(partner_ids)) for _member in pool.members]
    outcomes = _claim_all(odoo_server, odoo_db[1], _logins(committed, pool), plan)

    assert sum(len(tries) for tries in outcomes.values()) == 1000
    owners, history, _notes = pool.state()
    unclear = []
    for partner_id, tries in outcomes.items():
        winners = [uid for uid, outcome in tries if outcome == "won"]
        assert len(winners) == 1, f"partner {partner_id}: winners {winners}"
        assert owners[partner_id] == (winners[0], "owned")
        assert history[partner_id] == [("claim", winners[0])], "one claim in the history"
        unclear += [
            outcome
            for _uid, outcome in tries
            if outcome != "won"
            and not (
                outcome.name == "odoo.exceptions.UserError"
                and any(m in outcome.message for m in CLEAR_REFUSALS)
            )
        ]
    assert not unclear, f"refusals must be the clear user error, got {unclear[:3]}"


def test_claims_during_recycling_are_never_undone(world, committed, odoo_server, odoo_db):
    """Members claim records as soon as the running job puts them in the pool."""
    pool = world(members=4)
    due_ids = pool.add(400, due=True)
    done = threading.Event()
    claims = {}

    def recycle():
        try:
            while True:
                with committed() as env:
                    _recycled, left = env["res.partner"]._pool_recycle_batch(utc_now(), 25)
                if not left:
                    break
        finally:
            done.set()

    def claimer(login, uid):
        # Members see the pool through its model, as the Customer Pool list does.
        client = JsonRpc(odoo_server, odoo_db[1], login, login)
        while not done.is_set() or client(
            "crm.smb.pool.customer", "search_count", [("pool_id", "=", pool.pool)]
        ):
            waiting = client("crm.smb.pool.customer", "search", [("pool_id", "=", pool.pool)], limit=5)
            for partner_id in waiting:
                try:
                    client("crm.smb.pool.customer", "action_claim", [partner_id])
                    claims.setdefault(partner_id, []).append(uid)
                except RpcError as error:
                    assert error.name == "odoo.exceptions.UserError", error

    job = threading.Thread(target=recycle)
    members = [threading.Thread(target=claimer, args=login_uid) for login_uid in _logins(committed, pool)]
    job.start()
    for thread in members:
        thread.start()
    job.join(timeout=600)
    for thread in members:
        thread.join(timeout=600)

    owners, history, notes = pool.state()
    print(f"\n{len(claims)} of {len(due_ids)} records claimed while the job recycled them")
    assert claims, "members claimed while the job ran"
    for partner_id in due_ids:
        actions = history[partner_id]
        assert actions[0] == ("recycle", None), f"partner {partner_id}: {actions}"
        assert [a for a, _to in actions].count("recycle") == 1, f"recycled once: {actions}"
        assert notes[partner_id] == 1, "one recycling note"
        if partner_id in claims:
            assert len(claims[partner_id]) == 1
            assert actions == [("recycle", None), ("claim", claims[partner_id][0])]
            assert owners[partner_id] == (claims[partner_id][0], "owned"), "the claim stands"
        else:
            assert owners[partner_id] == (None, "pool")


JOB = textwrap.dedent(
    """
    import sys, time
    import odoo
    from odoo.tools import config
    config.parse_config(["-c", sys.argv[1], "-d", sys.argv[2], "--log-level=warn"])
    from odoo.modules.registry import Registry
    from odoo.addons.crm_smb_followup.models import crm_smb_pool
    crm_smb_pool.RECYCLE_BATCH = 50  # many small batches: kills land inside them
    registry = Registry(sys.argv[2])
    stepping = len(sys.argv) > 3  # after each committed batch, wait for the test to say "go"
    print("ready", flush=True)
    remaining = True
    while remaining:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            _done, remaining = env["crm.smb.pool"]._cron_recycle()
        if stepping:
            print("committed", flush=True)
            sys.stdin.readline()
    print("finished", flush=True)
    """
)


def test_recycling_killed_ten_times_then_finished(world, odoo_db, tmp_path):
    """SIGKILL of the process running the job, ten times, then a run to the end."""
    pool = world()
    due_ids = pool.add(3000, due=True)
    script = tmp_path / "recycle_job.py"
    script.write_text(JOB)
    rc, db = os.environ["SMB_ODOO_RC"], odoo_db[1]
    import odoo  # the job's process runs the same Odoo as this one, wherever it was found

    odoo_root = str(Path(odoo.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "TZ": "UTC",
        "PYTHONPATH": os.pathsep.join(filter(None, (odoo_root, os.environ.get("PYTHONPATH")))),
    }
    rng = random.Random(11)  # noqa: S311
    killed_mid_run = 0
    for _kill in range(10):
        process = subprocess.Popen(
            [sys.executable, str(script), rc, db, "step"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdout.readline().strip() == "ready"
        # Kill only once progress is committed (never on a timer): after 1 to 3 committed
        # batches, let the job start the next one and kill it at once, inside or before it.
        for _batch in range(rng.randint(1, 3)):
            assert process.stdout.readline().strip() == "committed"
            process.stdin.write("go\n")
            process.stdin.flush()
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdin.close()
        process.stdout.close()
        owners, history, _notes = pool.state()
        recycled = sum(1 for pid in due_ids if owners[pid][1] == "pool")
        killed_mid_run += 0 < recycled < len(due_ids)
    print(f"\nrecycling job killed 10 times, {killed_mid_run} times with records left to recycle")
    assert killed_mid_run == 10, "every kill landed after committed progress, with records left to recycle"
    finish = subprocess.run(
        [sys.executable, str(script), rc, db], capture_output=True, text=True, check=True, env=env
    )
    assert "finished" in finish.stdout

    owners, history, notes = pool.state()
    for partner_id in due_ids:
        owner, state = owners[partner_id]
        assert (owner is None) == (state == "pool"), f"partner {partner_id}: owned xor in the pool"
        assert state == "pool", "the rerun finished the job"
        assert history[partner_id] == [("recycle", None)], "the history matches: recycled once"
        assert notes[partner_id] == 1, "one note: nothing recycled twice"


def test_two_cron_workers_only_one_runs_the_job(world, committed, odoo_db, monkeypatch):
    """Two workers reach the recycling job at once, the way Odoo's cron threads acquire jobs."""
    import odoo
    from odoo.modules.registry import Registry

    from odoo.addons.base.models.ir_cron import ir_cron
    from odoo.addons.crm_smb_followup.models.crm_smb_pool import CrmSmbPool

    pool = world()
    due_ids = pool.add(20, due=True)
    db_name = odoo_db[1]
    with committed() as env:
        job = env.ref("crm_smb_followup.ir_cron_pool_recycle")
        job.write({"nextcall": utc_now() - timedelta(minutes=1), "active": True})
        job_id = job.id

    runs = []
    original = CrmSmbPool._cron_recycle

    def slow_recycle(self):
        runs.append(threading.current_thread().name)
        time.sleep(1.0)  # both workers are surely there while the job runs
        return original(self)

    monkeypatch.setattr(CrmSmbPool, "_cron_recycle", slow_recycle)
    start = threading.Barrier(2)
    acquired = {}

    def worker(name):
        threading.current_thread().name = name
        db = odoo.sql_db.db_connect(db_name)
        with db.cursor() as cron_cr:
            start.wait()
            try:
                job = ir_cron._acquire_one_job(cron_cr, job_id)
            except psycopg2.extensions.TransactionRollbackError:  # as a cron thread: another worker has it
                cron_cr.rollback()
                job = None
            acquired[name] = bool(job)
            if job:
                Registry(db_name)["ir.cron"]._process_job(db, cron_cr, job)

    workers = [threading.Thread(target=worker, args=(f"cron-{i}",)) for i in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=300)

    assert sorted(acquired.values()) == [False, True], f"exactly one worker acquired the job: {acquired}"
    assert len(set(runs)) == 1, f"the job ran in one worker only: {runs}"
    owners, history, notes = pool.state()
    for partner_id in due_ids:
        assert owners[partner_id] == (None, "pool")
        assert history[partner_id] == [("recycle", None)]
        assert notes[partner_id] == 1
