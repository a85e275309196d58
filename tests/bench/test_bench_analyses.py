"""Analyses at scale: our models against the same GROUP BY written by hand (target ≤ 2×)."""

import pytest

from .conftest import check_target, table, timed

pytestmark = pytest.mark.bench

REPEAT = 5
TARGET = 2.0

FOLLOWUPS_SQL = """
    SELECT user_id, date_trunc('month', date) AS month, count(*)
      FROM crm_smb_followup
     WHERE company_id = ANY(%(companies)s)
  GROUP BY 1, 2
"""
AGING_SQL = """
    SELECT CASE
               WHEN amount_residual_signed = 0 THEN 'paid'
               WHEN invoice_date_due IS NULL OR invoice_date_due >= CURRENT_DATE THEN 'not_due'
               WHEN CURRENT_DATE - invoice_date_due <= 30 THEN '1_30'
               WHEN CURRENT_DATE - invoice_date_due <= 60 THEN '31_60'
               WHEN CURRENT_DATE - invoice_date_due <= 90 THEN '61_90'
               ELSE 'over_90'
           END AS bucket,
           sum(amount_residual_signed)
      FROM account_move
     WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')
       AND company_id = ANY(%(companies)s)
  GROUP BY 1
"""


def _manager(env):
    """A sales manager: the analyses run with the record rules a manager has."""
    user = env["res.users"].search([("login", "=", "bench_manager")])
    if not user:
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Bench Manager",
                    "login": "bench_manager",
                    "groups_id": [(6, 0, env.ref("sales_team.group_sale_manager").ids)],
                }
            )
        )
        env.cr.commit()
    return user


def test_analyses_against_hand_written_sql(bench_env, bench_scale, results):
    env = bench_env
    manager = _manager(env)
    menv = env(user=manager.id, context={"allowed_company_ids": manager.company_ids.ids})
    companies = manager.company_ids.ids

    def ours_followups():
        menv.invalidate_all()
        return menv["crm.smb.followup"]._read_group([], ["user_id", "date:month"], ["__count"])

    def sql_followups():
        env.cr.execute(FOLLOWUPS_SQL, {"companies": companies})
        return env.cr.fetchall()

    def ours_aging():
        menv.invalidate_all()
        return menv["crm.smb.collection.report"]._read_group([], ["aging_bucket"], ["amount_outstanding:sum"])

    def sql_aging():
        env.cr.execute(AGING_SQL, {"companies": companies})
        return env.cr.fetchall()

    rows = []
    figures = {}
    for name, ours, floor in (
        ("follow-ups by salesperson × month", ours_followups, sql_followups),
        ("collection aging buckets", ours_aging, sql_aging),
    ):
        ours(), floor()  # warm the caches alike
        ours_time, ours_result = timed(ours, REPEAT)
        sql_time, sql_result = timed(floor, REPEAT)
        assert len(ours_result) == len(sql_result), f"{name}: not the same groups"
        ratio = ours_time / sql_time
        rows.append(
            (name, len(sql_result), f"{ours_time * 1000:.1f}", f"{sql_time * 1000:.1f}", f"{ratio:.2f}×")
        )
        figures[name] = {"groups": len(sql_result), "ours_ms": ours_time * 1000, "sql_ms": sql_time * 1000}
    count = env["crm.smb.followup"].search_count([])
    table(
        f"Analyses ({count} follow-ups), median of {REPEAT}, as a sales manager",
        ("analysis", "groups", "ours ms", "SQL ms", "ours / SQL"),
        rows,
    )
    results["analyses"] = figures
    for name, values in figures.items():
        ratio = values["ours_ms"] / values["sql_ms"]
        check_target(bench_scale, ratio <= TARGET, f"{name}: {ratio:.1f}× the SQL")
