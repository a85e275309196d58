"""Pools under real concurrency: separate database connections, committed data."""

# These tests commit on purpose: other connections must see their data, which
# they remove again in cleanups.
# pylint: disable=invalid-commit

import threading
import uuid
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

T0 = datetime(2026, 7, 1, 2, 0, 0)


@tagged("post_install", "-at_install")
class TestPoolConcurrency(BaseCase):
    """Data is committed for real (other connections must see it) and removed afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            salesman = env.ref("sales_team.group_sale_salesman")
            self.user_ids = [
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": f"Racer {i} {self.tag}",
                        "login": f"racer{i}_{self.tag}",
                        "groups_id": [(6, 0, salesman.ids)],
                    }
                )
                .id
                for i in range(2)
            ]
            pool = env["crm.smb.pool"].create(
                {
                    "name": f"Race pool {self.tag}",
                    "pool_type": "customer",
                    "member_ids": [(6, 0, self.user_ids)],
                    "max_claims_per_day": 0,
                    "max_holding": 0,
                }
            )
            env["crm.smb.pool.rule"].create(
                {"name": "Two days", "pool_id": pool.id, "days_without_followup": 2, "warning_days": 1}
            )
            self.pool_id = pool.id
            cr.commit()
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            partners = env["res.partner"].search(
                [("name", "like", f"%{self.tag}%"), ("user_ids", "=", False)]
            )
            env["crm.smb.pool.history"].search([("pool_id", "=", self.pool_id)]).unlink()
            env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
            ).unlink()
            partners.unlink()
            env["crm.smb.pool"].browse(self.pool_id).unlink()
            users = env["res.users"].browse(self.user_ids)
            user_partners = users.partner_id
            users.unlink()
            user_partners.unlink()
            cr.commit()

    def _create_partners(self, count, **values):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ids = (
                env["res.partner"]
                .create(
                    [
                        {
                            "name": f"Race Co {i} {self.tag}",
                            "is_company": True,
                            "pool_id": self.pool_id,
                            **values,
                        }
                        for i in range(count)
                    ]
                )
                .ids
            )
            cr.commit()
        return ids

    def test_two_connections_claim_the_same_record(self):
        (partner_id,) = self._create_partners(1, pool_state="pool")
        barrier = threading.Barrier(2)
        results = {}
        # Environments are built here: the test runner holds the registry lock,
        # which other threads must not wait for.
        cursors = [self.registry.cursor() for _uid in self.user_ids]
        envs = [api.Environment(cr, uid, {}) for cr, uid in zip(cursors, self.user_ids, strict=True)]

        def claim(env):
            with env.cr:
                entry = env["crm.smb.pool.customer"].browse(partner_id)
                entry.read(["name", "phone"])  # what a member sees in the pool
                barrier.wait(timeout=30)
                try:
                    entry.action_claim()
                    env.cr.commit()
                    results[env.uid] = "won"
                except UserError as error:
                    env.cr.rollback()
                    results[env.uid] = str(error)

        threads = [threading.Thread(target=claim, args=(env,)) for env in envs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(sorted(results.values()).count("won"), 1, results)
        loser_message = next(message for message in results.values() if message != "won")
        self.assertRegex(loser_message, "claiming|just claimed")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].browse(partner_id)
            winner = next(uid for uid, result in results.items() if result == "won")
            self.assertEqual(partner.user_id.id, winner)
            history = env["crm.smb.pool.history"].search([("partner_id", "=", partner_id)])
            self.assertEqual(history.mapped("action"), ["claim"])

    def test_crash_mid_run_then_rerun(self):
        with freeze_time(T0):
            ids = self._create_partners(7, user_id=self.user_ids[0], date_claimed=T0)
        Partner = self.registry["res.partner"]
        original = Partner.modified
        calls = {"count": 0}

        def crash_on_second_batch(records, fnames, *args, **kwargs):
            # After the second batch's statement, before its commit.
            if tuple(fnames) == Partner._pool_recycle_fields:
                calls["count"] += 1
                if calls["count"] == 2:
                    raise RuntimeError("server killed")
            return original(records, fnames, *args, **kwargs)

        with freeze_time(T0 + timedelta(days=3)):
            now = datetime.now()
            with patch.object(Partner, "modified", crash_on_second_batch):
                for _batch in range(3):
                    with self.registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, {})
                        try:
                            env["res.partner"]._pool_recycle_batch(now, 3)
                            cr.commit()
                        except RuntimeError:
                            cr.rollback()
                            break
            # The rerun finishes the job.
            remaining = True
            while remaining:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    _done, remaining = env["res.partner"]._pool_recycle_batch(now, 3)
                    cr.commit()

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].browse(ids)
            for partner in partners:
                self.assertEqual(partner.pool_state, "pool", partner.name)
                self.assertFalse(partner.user_id, "owned xor in the pool")
                self.assertEqual(partner.previous_user_id.id, self.user_ids[0])
            history = env["crm.smb.pool.history"].search([("partner_id", "in", ids)])
            self.assertEqual(sorted(history.partner_id.ids), sorted(ids), "one history row per record")
            self.assertEqual(len(history), 7, "nothing recycled twice")
            self.assertEqual(set(history.mapped("action")), {"recycle"})
