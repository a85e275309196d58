from collections import deque

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

COLUMNS = (
    "pool_state",
    "pool_id",
    "recycle_deadline",
    "waiting_pool_id",
    "last_followup_date",
)


@tagged("post_install", "-at_install")
class TestInstallOntoExistingRows(TransactionCase):
    """Installing onto a database that already holds customers and leads: the columns the module
    adds are created and filled in SQL (not computed record by record by the ORM), with the values
    the ORM would give. Simulated by dropping the columns and running the table setup again."""

    def reinstall_columns(self, model):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s %s",
                SQL.identifier(model._table),
                SQL(", ").join(SQL("DROP COLUMN %s CASCADE", SQL.identifier(c)) for c in COLUMNS),
            )
        )
        # What the registry holds while it sets the tables up (`Registry.init_models`).
        registry = self.env.registry
        registry._post_init_queue, registry._foreign_keys, registry._is_install = deque(), {}, True
        try:
            model._auto_init()
        finally:
            del registry._post_init_queue, registry._foreign_keys, registry._is_install
        self.assertFalse(self.env.transaction.tocompute, "nothing left for the ORM to compute")
        self.env.invalidate_all()

    def reinstall_keys(self, records):
        """The records lose their duplicate keys, as rows that existed before the module, and
        the module's setup gives them theirs; returns the keys so created."""
        Key = self.env["crm.smb.duplicate.key"]
        owner = records._dup_key_owner
        Key.search([(owner, "in", records.ids)]).unlink()
        self.env.flush_all()
        Key.init()
        self.env.invalidate_all()
        keys = Key.search([(owner, "in", records.ids)]).sorted(lambda key: key[owner].id)
        self.assertEqual(keys.mapped(owner).ids, records.sorted("id").ids, "one row of keys per record")
        # The values are those the ORM computes for the same records.
        installed = keys.read(["phone_key", "mobile_key", "email_key", "name_key"])
        keys._compute_keys()
        self.assertEqual(installed, keys.read(["phone_key", "mobile_key", "email_key", "name_key"]))
        return installed

    def rows(self, records):
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM %s WHERE id = ANY(%s) ORDER BY id",
                SQL(", ").join(SQL.identifier(c) for c in COLUMNS),
                SQL.identifier(records._table),
                records.ids,
            )
        )
        return self.env.cr.dictfetchall()

    def test_customers(self):
        Partner = self.env["res.partner"]
        partners = Partner.create(
            [
                {"name": "杭州恒泰机械有限公司", "is_company": True, "phone": "+86 571 8888 1001"},
                {"name": "王伟", "mobile": "138 0013 8000", "phone": "0571-88881002"},
                {"name": "Acme Co., Ltd.", "is_company": True, "mobile": "+1 (415) 555-0100"},
                {"name": "No numbers", "is_company": True},
            ]
        )
        self.reinstall_columns(Partner)
        rows = self.rows(partners)
        self.assertEqual({row["pool_state"] for row in rows}, {"owned"}, "existing customers are owned")
        keys = self.reinstall_keys(partners)
        self.assertEqual(keys[0]["phone_key"], "057188881001")
        self.assertEqual(keys[0]["name_key"], "恒泰机械")
        self.assertFalse(keys[1]["name_key"], "a person has no company name key")
        self.assertEqual(keys[1]["mobile_key"], "13800138000")
        self.assertFalse(keys[3]["phone_key"])
        # The duplicate check finds an existing customer typed another way.
        found = Partner.new(
            {"name": "恒泰机械", "is_company": True, "phone": "0571 8888 1001"}
        )._find_duplicates()
        self.assertIn("杭州恒泰机械有限公司", [duplicate["name"] for duplicate in found])

    def test_leads(self):
        Lead = self.env["crm.lead"]
        leads = Lead.create(
            [
                {"name": "ERP", "partner_name": "宁波鑫源贸易有限公司", "phone": "0574-8765 4321"},
                {"name": "CRM", "mobile": "+86 139 1234 5678"},
            ]
        )
        self.reinstall_columns(Lead)
        rows = self.rows(leads)
        self.assertEqual({row["pool_state"] for row in rows}, {"owned"})
        keys = self.reinstall_keys(leads)
        self.assertEqual(keys[0]["name_key"], "鑫源贸易")
        self.assertEqual(keys[1]["mobile_key"], "13912345678")
        self.assertFalse(keys[1]["phone_key"])
