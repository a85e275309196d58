from markupsafe import Markup

from odoo import api, fields, models

from .crm_smb_pool import POOL_TYPES


class CrmSmbPoolHistory(models.Model):
    """Every move of a lead or customer in or out of a pool. Never edited, never deleted."""

    _name = "crm.smb.pool.history"
    _description = "Public Pool History"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    pool_id = fields.Many2one("crm.smb.pool", readonly=True, index=True, ondelete="restrict")
    from_pool_id = fields.Many2one(
        "crm.smb.pool",
        readonly=True,
        ondelete="restrict",
        help="For a move: the pool the record sat in, when it was waiting in one.",
    )
    pool_type = fields.Selection(POOL_TYPES, string="Type", readonly=True)
    lead_id = fields.Many2one("crm.lead", readonly=True, index="btree_not_null", ondelete="cascade")
    partner_id = fields.Many2one("res.partner", readonly=True, index="btree_not_null", ondelete="cascade")
    action = fields.Selection(
        [
            ("claim", "Claim"),
            ("assign", "Assign"),
            ("release", "Release"),
            ("recycle", "Recycle"),
            ("move", "Move"),
            ("handover", "Handover"),
            ("reassign", "Reassign"),
            ("intake", "New Lead"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    from_user_id = fields.Many2one("res.users", readonly=True, index=True)
    to_user_id = fields.Many2one("res.users", readonly=True, index=True)
    reason_id = fields.Many2one("crm.smb.pool.reason", readonly=True)
    reason = fields.Text(string="Note", readonly=True)
    rule_id = fields.Many2one("crm.smb.pool.rule", readonly=True, ondelete="set null")
    holding_days = fields.Float(readonly=True, aggregator="avg", help="Days owned before this move.")
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    def _compute_display_name(self):
        actions = dict(self._fields["action"]._description_selection(self.env))
        for entry in self:
            # named as a many2one names its value: whoever reads the row reads what it moved,
            # even a customer since owned by a salesperson they do not see
            record = (entry.lead_id or entry.partner_id).sudo()
            entry.display_name = f"{actions.get(entry.action)}: {record.display_name or ''}"

    @api.model
    def _log(
        self, records, action, pool, *, from_users=None, to_user=None, reason_id=False, reason="", rules=None
    ):
        """Write one history row per record (as superuser: users never write history themselves)."""
        now = fields.Datetime.now()
        field = "lead_id" if records._name == "crm.lead" else "partner_id"
        vals_list = []
        for record in records:
            pool_rec = pool or record.pool_id
            since = record.date_claimed or record.create_date
            vals_list.append(
                {
                    "date": now,
                    "pool_id": pool_rec.id,
                    "pool_type": pool_rec.pool_type,
                    "from_pool_id": record.pool_id.id
                    if action == "move" and record.pool_state == "pool" and record.pool_id != pool_rec
                    else False,
                    field: record.id,
                    "action": action,
                    "from_user_id": (from_users or {}).get(record.id, False),
                    "to_user_id": to_user.id if to_user else False,
                    "reason_id": reason_id or False,
                    "reason": reason or False,
                    "rule_id": (rules or {}).get(record.id, False),
                    "holding_days": (now - since).total_seconds() / 86400 if since else 0.0,
                    "company_id": (pool_rec.company_id or self.env.company).id,
                }
            )
        return self.sudo().create(vals_list)

    def _log_notes(self, records, body):
        """One chatter note on each record, in one batch."""
        records._message_log_batch(bodies=dict.fromkeys(records.ids, Markup("<p>%s</p>") % body))
