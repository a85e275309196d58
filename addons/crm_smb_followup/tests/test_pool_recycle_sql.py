from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import T0, TestPoolCommon


@tagged("post_install", "-at_install")
class TestRecycleBatchMatchesTheOrm(TestPoolCommon):
    """The recycling job's batch statement stands in for the ORM: both must leave the same rows.

    The same records are recycled twice from the same state, inside a savepoint: by the batch
    statement (`_pool_recycle_batch`), and by what the ORM does for a release (`_pool_put_back`,
    the history row, the chatter note). Every stored column of the record, of its history row
    and of its note must be equal.
    """

    def rows(self, records):
        table = SQL.identifier(records._table)
        self.env.cr.execute(SQL("SELECT * FROM %s WHERE id = ANY(%s) ORDER BY id", table, records.ids))
        return self.env.cr.dictfetchall()

    def snapshot(self, records, message_floor, dependents=()):
        """Rows of the records (and of records that follow them), their history rows and notes."""
        self.env.flush_all()
        cr = self.env.cr
        rows = self.rows(records) + [row for others in dependents for row in self.rows(others)]
        column = "lead_id" if records._name == "crm.lead" else "partner_id"
        cr.execute(
            SQL(
                "SELECT * FROM crm_smb_pool_history WHERE %s = ANY(%s) ORDER BY %s",
                SQL.identifier(column),
                records.ids,
                SQL.identifier(column),
            )
        )
        history = [
            {**row, "id": None, "holding_days": round(row["holding_days"], 6)} for row in cr.dictfetchall()
        ]
        cr.execute(
            "SELECT * FROM mail_message WHERE model = %s AND res_id = ANY(%s) AND id > %s ORDER BY res_id",
            [records._name, records.ids, message_floor],
        )
        notes = [{**row, "id": None, "message_id": None} for row in cr.dictfetchall()]
        return rows, history, notes

    def recycle_both_ways(self, records, dependents=()):
        Model = records.sudo().browse()
        self.env.flush_all()
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
        message_floor = self.env.cr.fetchone()[0]
        with freeze_time(T0 + timedelta(days=4)):
            savepoint = self.env.cr.savepoint()
            recycled, _remaining = Model._pool_recycle_batch(T0 + timedelta(days=4), 500)
            self.assertEqual(set(recycled.ids), set(records.ids))
            by_batch = self.snapshot(records, message_floor, dependents)
            savepoint.close(rollback=True)  # back to the same state for the ORM
            self.env.invalidate_all()
            due = Model.browse(records.ids)
            rules = {record.id: record.recycle_rule_id.id for record in due}
            for pool in due.pool_id:
                batch = due.filtered(lambda r, p=pool: r.pool_id == p)
                batch.with_context(tracking_disable=True, mail_notrack=True)._pool_put_back(
                    pool, "recycle", rules=rules
                )
                self.env["crm.smb.pool.history"]._log_notes(
                    batch,
                    self.env._("Recycled to the pool “%(pool)s”: not followed up in time.", pool=pool.name),
                )
            by_orm = self.snapshot(records, message_floor, dependents)
        return by_batch, by_orm

    def assert_same_rows(self, by_batch, by_orm):
        for kind, batch_rows, orm_rows in zip(("record", "history", "note"), by_batch, by_orm, strict=True):
            self.assertEqual(len(batch_rows), len(orm_rows), kind)
            for batch_row, orm_row in zip(batch_rows, orm_rows, strict=True):
                differences = {
                    column: (batch_row[column], orm_row[column])
                    for column in batch_row
                    if batch_row[column] != orm_row[column]
                }
                self.assertFalse(differences, f"{kind}: batch statement vs ORM")

    def test_customers(self):
        customers = self.owned_customer("Due A") | self.owned_customer(
            "Due B", customer_level_id=self.env.ref("crm_smb_followup.customer_level_a").id
        )
        self.assertTrue(all(customers.mapped("recycle_deadline")))
        # They wait with their contact persons and unowned leads, and their owned leads do not.
        person = self.env["res.partner"].create({"name": "Buyer", "parent_id": customers[0].id})
        leads = self.env["crm.lead"].create(
            [
                {"name": "Unowned", "type": "lead", "partner_id": person.id, "user_id": False},
                {
                    "name": "Owned",
                    "type": "lead",
                    "partner_id": customers[1].id,
                    "user_id": self.salesman_2.id,
                },
            ]
        )
        by_batch, by_orm = self.recycle_both_ways(customers, dependents=(person, leads))
        self.assert_same_rows(by_batch, by_orm)
        waiting = {row["id"]: row["waiting_pool_id"] for row in by_batch[0]}
        self.assertEqual(waiting[person.id], self.pool.id)
        self.assertEqual(by_batch[0][-2]["waiting_pool_id"], self.pool.id, "the unowned lead waits")
        self.assertIsNone(by_batch[0][-1]["waiting_pool_id"], "an owned lead does not")

    def test_leads(self):
        self.lead_pool.rule_ids = [
            (0, 0, {"name": "Two days", "days_without_followup": 2, "warning_days": 1}),
        ]
        team = self.env["crm.team"].create({"name": "Lead team"})
        with freeze_time(T0):
            leads = self.env["crm.lead"].create(
                [
                    {
                        "name": name,
                        "type": kind,
                        "user_id": self.salesman.id,
                        "team_id": team.id,
                        "pool_id": self.lead_pool.id,
                        "date_claimed": T0,
                        "phone": "021 5555 0199",
                    }
                    for name, kind in (("Due lead", "lead"), ("Due opportunity", "opportunity"))
                ]
            )
        self.assertTrue(all(leads.mapped("recycle_deadline")))
        self.assertTrue(all(leads.mapped("date_open")))
        self.assert_same_rows(*self.recycle_both_ways(leads))

    def test_leads_company_team_customer(self):
        """The company Odoo gives an unassigned lead (the team's, else the customer's, else
        none), its team, stage and probability kept: each case by both ways."""
        self.lead_pool.rule_ids = [
            (0, 0, {"name": "Two days", "days_without_followup": 2, "warning_days": 1}),
        ]
        company = self.env.company
        team_of_company = self.env["crm.team"].create({"name": "Company team", "company_id": company.id})
        team_without = self.env["crm.team"].create({"name": "Shared team", "company_id": False})
        customer_of_company = self.env["res.partner"].create({"name": "Local", "company_id": company.id})
        customer_shared = self.env["res.partner"].create({"name": "Shared", "company_id": False})
        stage = self.env["crm.stage"].create({"name": "Proposal", "sequence": 30})
        cases = [
            (team_of_company, customer_shared),
            (team_without, customer_of_company),
            (team_without, customer_shared),
            (team_without, self.env["res.partner"]),
            (self.env["crm.team"], customer_of_company),
            (self.env["crm.team"], self.env["res.partner"]),
        ]
        with freeze_time(T0):
            leads = self.env["crm.lead"].create(
                [
                    {
                        "name": f"Case {index}",
                        "type": "opportunity",
                        "user_id": self.salesman.id,
                        "team_id": team.id,
                        "partner_id": customer.id,
                        "company_id": company.id,
                        "stage_id": stage.id,
                        "pool_id": self.lead_pool.id,
                        "date_claimed": T0,
                        "expected_revenue": 1000 * (index + 1),
                    }
                    for index, (team, customer) in enumerate(cases)
                ]
            )
        self.assertEqual(leads.mapped("company_id"), company)
        by_batch, by_orm = self.recycle_both_ways(leads)
        self.assert_same_rows(by_batch, by_orm)
        companies = [row["company_id"] for row in by_batch[0]]
        self.assertEqual(companies, [company.id, company.id, None, None, company.id, None])
        self.assertEqual({row["stage_id"] for row in by_batch[0]}, {stage.id}, "the stage stays")
        self.assertEqual(
            [row["team_id"] for row in by_batch[0]],
            [team.id or None for team, _customer in cases],
            "the team stays",
        )
