"""Collection plans at scale: the daily job on 100,000 instalments, and the plan vs actual analysis.

The instalments are written by SQL into the benchmark database (1,000 confirmed orders of the
benchmark salespeople, 100 instalments each, planned from 90 days ago to 90 days ahead) and
rolled back at the end. Measured:
- the daily job (`_cron_collection_reminders`): overdue states and one to-do per instalment
  and state; its time beside one SQL UPDATE of the same rows (the floor), and its query count
  per batch, which must not grow with the batch size (no query per instalment);
- the plan vs actual analysis (`crm.smb.collection.plan.report`, read_group by salesperson
  and month) beside the same GROUP BY written by hand: target ≤ 2×.
"""

import pytest

from odoo import fields
from odoo.tools import SQL

from .conftest import check_target, table, timed

pytestmark = pytest.mark.bench

INSTALMENTS = 100_000
ORDERS = 1_000
TARGET_ANALYSIS = 2.0
REPEAT = 5

HAND_SQL = """
    SELECT user_id, date_trunc('month', date_planned) AS month,
           sum(amount_company), sum(amount_collected_company),
           sum(CASE WHEN state = 'overdue' THEN amount_company - amount_collected_company ELSE 0 END)
      FROM crm_smb_collection_plan
     WHERE state != 'cancelled' AND company_id = ANY(%(companies)s)
  GROUP BY 1, 2
"""


def _instalments(env):
    """1,000 confirmed orders (copies of one) and 100,000 instalments, by SQL; returns the company."""
    cr = env.cr
    salespeople = env["res.users"].search([("login", "like", "bench_sales%")], limit=20) or env.user
    customer = env["res.partner"].create({"name": "Bench Plan Customer"})
    product = env["product.product"].create({"name": "Bench Plan Product", "standard_price": 1.0})
    env.company.crm_smb_order_approval = False
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [(0, 0, {"product_id": product.id, "price_unit": 1_000_000, "tax_id": []})],
        }
    )
    order.action_confirm()
    env.flush_all()
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'sale_order'"
        " AND column_name NOT IN ('id', 'name', 'user_id')"
    )
    columns = [row[0] for row in cr.fetchall()]
    copied = SQL(", ").join(SQL.identifier(column) for column in columns)
    cr.execute(
        SQL(
            """
            INSERT INTO sale_order (name, user_id, %(columns)s)
            SELECT 'BENCH-' || n, (%(users)s)[1 + mod(n, %(count)s)], %(columns)s
              FROM sale_order, generate_series(1, %(orders)s) n
             WHERE sale_order.id = %(template)s
            """,
            columns=copied,
            users=salespeople.ids,
            count=len(salespeople),
            orders=ORDERS,
            template=order.id,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO crm_smb_collection_plan (
                order_id, instalment, partner_id, user_id, team_id, company_id, currency_id,
                date_planned, amount, payment_method, reminder_days, cancelled,
                amount_collected, amount_outstanding, amount_company, amount_collected_company,
                state, date_reminder, create_uid, write_uid, create_date, write_date)
            SELECT so.id, i, so.partner_id, so.user_id, so.team_id, so.company_id, so.currency_id,
                   d.day, 10000, 'transfer', 3, false,
                   0, 10000, 10000, 0,
                   'pending', d.day - 3, 1, 1, now(), now()
              FROM sale_order so
              CROSS JOIN generate_series(1, %(per_order)s) i
              CROSS JOIN LATERAL (
                  SELECT (CURRENT_DATE - 90 + mod(so.id * 7 + i * 13, 181))::date AS day
              ) d
             WHERE so.name LIKE %(pattern)s
            """,
            per_order=INSTALMENTS // ORDERS,
            pattern="BENCH-%",
        )
    )
    cr.execute("ANALYZE crm_smb_collection_plan")
    env.invalidate_all()
    return env.company


def test_daily_job_and_analysis_at_scale(bench_env, bench_scale, results):
    env = bench_env
    cr = env.cr
    company = _instalments(env)
    Plan = env["crm.smb.collection.plan"]
    today = fields.Date.context_today(Plan)  # the job's day
    cr.execute(
        "SELECT count(*) FROM crm_smb_collection_plan WHERE state = 'pending' AND date_planned < %s", [today]
    )
    late = cr.fetchone()[0]

    # the floor: one UPDATE of the same rows, undone
    cr.execute("SAVEPOINT floor")
    floor, _ = timed(
        lambda: cr.execute(
            "UPDATE crm_smb_collection_plan SET state = 'overdue'"
            " WHERE state IN ('pending', 'partial') AND date_planned < %s",
            [today],
        )
    )
    cr.execute("ROLLBACK TO SAVEPOINT floor")
    env.invalidate_all()

    # queries per batch: the job on the same kind of rows with two batch sizes
    per_batch = {}
    for size in (100, 500):
        cr.execute("SAVEPOINT batch")
        ids = Plan.search([("state", "=", "pending"), ("date_planned", "<", today)], limit=size).ids
        cr.execute(
            "UPDATE crm_smb_collection_plan SET date_planned = date_planned + 1000,"
            " date_reminder = date_reminder + 1000 WHERE id <> ALL(%s)",
            [ids],
        )
        env.invalidate_all()
        before = cr.sql_log_count
        Plan._cron_collection_reminders(batch_size=size)
        env.flush_all()
        per_batch[size] = cr.sql_log_count - before
        cr.execute("ROLLBACK TO SAVEPOINT batch")
        env.invalidate_all()

    job, _ = timed(lambda: (Plan._cron_collection_reminders(), env.flush_all()))
    cr.execute("SELECT count(*) FROM crm_smb_collection_plan WHERE state = 'overdue'")
    overdue = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM mail_activity WHERE res_model = 'crm.smb.collection.plan'"
        " AND activity_type_id = %s",
        [env.ref("crm_smb_reports.mail_activity_type_collection").id],
    )
    todos = cr.fetchone()[0]

    companies = [company.id]
    Report = env["crm.smb.collection.plan.report"].with_context(allowed_company_ids=companies)

    def ours():
        return Report._read_group(
            [("company_id", "in", companies)],
            ["user_id", "date_planned:month"],
            ["amount_planned:sum", "amount_collected:sum", "amount_overdue:sum", "completion_rate:avg"],
        )

    def hand():
        cr.execute(HAND_SQL, {"companies": companies})
        return cr.fetchall()

    ours_time, ours_rows = timed(ours, REPEAT)
    hand_time, hand_rows = timed(hand, REPEAT)
    ratio = ours_time / hand_time if hand_time else 0.0
    table(
        f"Collection plans, {INSTALMENTS:,} instalments ({late:,} past their date)",
        ["measure", "value"],
        [
            ("daily job (s)", f"{job:.2f}"),
            ("one SQL UPDATE of the same rows (s)", f"{floor:.3f}"),
            ("overdue marked / to-dos planned", f"{overdue:,} / {todos:,}"),
            ("queries for a batch of 100 / 500", f"{per_batch[100]} / {per_batch[500]}"),
            (
                "plan vs actual analysis / hand GROUP BY (s)",
                f"{ours_time:.3f} / {hand_time:.3f} ({ratio:.2f}×)",
            ),
        ],
    )
    results["collection_plans"] = {
        "instalments": INSTALMENTS,
        "job_seconds": round(job, 2),
        "sql_update_seconds": round(floor, 3),
        "queries_batch_100": per_batch[100],
        "queries_batch_500": per_batch[500],
        "analysis_seconds": round(ours_time, 4),
        "hand_sql_seconds": round(hand_time, 4),
        "analysis_ratio": round(ratio, 2),
    }
    assert overdue == late, "every instalment past its date is overdue"
    assert len(ours_rows) == len(hand_rows)
    assert per_batch[500] <= per_batch[100] * 1.5, "queries grow with the batch: a query per instalment"
    check_target(bench_scale, ratio <= TARGET_ANALYSIS, f"plan vs actual {ratio:.2f}× the hand GROUP BY")
