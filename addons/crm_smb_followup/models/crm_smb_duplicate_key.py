from odoo import api, fields, models
from odoo.tools import SQL

FILL_BATCH = 10_000


class CrmSmbDuplicateKey(models.Model):
    """The normalized keys of one customer or lead for the duplicate check (查重 / 撞单).

    Kept beside the records rather than on their rows: a company adopting the suite has years of
    customers and leads, and a new column on `res_partner` or `crm_lead` means rewriting those
    tables and every one of their indexes at install, where rows of this small table are simply
    inserted. One row per record, created with it and deleted with it; the ORM recomputes the keys
    when the record's numbers, email or company name change.
    """

    _name = "crm.smb.duplicate.key"
    _description = "Duplicate Check Keys"
    _log_access = False

    partner_id = fields.Many2one("res.partner", ondelete="cascade", readonly=True)
    lead_id = fields.Many2one("crm.lead", ondelete="cascade", readonly=True)
    phone_key = fields.Char(compute="_compute_keys", store=True, precompute=True, index="btree_not_null")
    mobile_key = fields.Char(compute="_compute_keys", store=True, precompute=True, index="btree_not_null")
    email_key = fields.Char(compute="_compute_keys", store=True, precompute=True, index="btree_not_null")
    name_key = fields.Char(compute="_compute_keys", store=True, precompute=True, index="btree_not_null")

    _sql_constraints = [
        ("partner_unique", "UNIQUE(partner_id)", "A customer has one row of duplicate keys."),
        ("lead_unique", "UNIQUE(lead_id)", "A lead has one row of duplicate keys."),
        (
            "one_record",
            "CHECK((partner_id IS NULL) <> (lead_id IS NULL))",
            "Duplicate keys belong to a customer or to a lead.",
        ),
    ]

    @api.depends(
        "partner_id.phone",
        "partner_id.mobile",
        "partner_id.email_normalized",
        "partner_id.name",
        "partner_id.is_company",
        "lead_id.phone",
        "lead_id.mobile",
        "lead_id.email_normalized",
        "lead_id.partner_name",
    )
    def _compute_keys(self):
        for key in self:
            key.update((key.partner_id or key.lead_id)._dup_key_values())

    @api.model
    def _keyed_models(self):
        """The models whose records have duplicate keys."""
        return [
            self.env[name]
            for name in self.env.registry["crm.smb.duplicate.mixin"]._inherit_children
            if not self.env[name]._abstract
        ]

    def init(self):
        # Records without keys — every existing customer and lead when the module is installed
        # onto a database that has them — get theirs here, in batches (memory does not grow with
        # the table), computed by the same function as the ORM's.
        for model in self._keyed_models():
            self._create_missing(model)

    @api.model
    def _create_missing(self, model):
        cr = self.env.cr
        owner = SQL.identifier(model._dup_key_owner)
        columns = ("phone_key", "mobile_key", "email_key", "name_key")
        last_id = 0
        while True:
            cr.execute(
                SQL(
                    """
                    SELECT r.id, %(sources)s FROM %(table)s r
                     WHERE r.id > %(last)s
                       AND NOT EXISTS (SELECT 1 FROM crm_smb_duplicate_key k WHERE k.%(owner)s = r.id)
                     ORDER BY r.id LIMIT %(limit)s
                    """,
                    sources=SQL(", ").join(model._dup_key_sources()),
                    table=SQL.identifier(model._table),
                    last=last_id,
                    owner=owner,
                    limit=FILL_BATCH,
                )
            )
            rows = cr.fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            keys = [model._dup_keys(*row[1:]) for row in rows]
            cr.execute(
                SQL(
                    "INSERT INTO crm_smb_duplicate_key (%s, %s) SELECT * FROM unnest(%s::int[], %s)",
                    owner,
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    [row[0] for row in rows],
                    SQL(", ").join(SQL("%s::varchar[]", [key[column] for key in keys]) for column in columns),
                )
            )
