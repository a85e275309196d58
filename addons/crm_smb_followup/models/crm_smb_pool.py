import threading

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .crm_smb_pool_rule import MAX_DAYS

MAX_LIMIT = 100000  # claims a day, records held or locked: more is a typing mistake

POOL_TYPES = [("lead", "Leads"), ("customer", "Customers")]
POOL_MODELS = {"lead": "crm.lead", "customer": "res.partner"}
# The models members see pool records through, and the records behind them.
POOL_ENTRY_MODELS = {"crm.smb.pool.lead": "crm.lead", "crm.smb.pool.customer": "res.partner"}
RECYCLE_BATCH = 2000  # records recycled per statement
WARN_BATCH = 500  # warning activities planned per run and record type


class CrmSmbPool(models.Model):
    """A public pool (公海 / 线索池) of leads or customers that members may claim."""

    _name = "crm.smb.pool"
    _description = "Public Pool"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    pool_type = fields.Selection(POOL_TYPES, string="Type", required=True, default="customer")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="Records owned by members of these teams fall under this pool's recycling rules.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "crm_smb_pool_member_rel",
        "pool_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
        help="Members see the pool's records and may claim them.",
    )
    admin_ids = fields.Many2many(
        "res.users",
        "crm_smb_pool_admin_rel",
        "pool_id",
        "user_id",
        string="Administrators",
        domain="[('share', '=', False)]",
        help="Administrators assign and move records and configure the pool; "
        "they always see contact details.",
    )
    active = fields.Boolean(default=True)
    max_claims_per_day = fields.Integer(
        string="Claims per Day", default=10, help="How many records a member may claim per day (0: no limit)."
    )
    max_holding = fields.Integer(
        string="Holding Limit",
        default=200,
        help="How many records of this pool a member may own at once (0: no limit).",
    )
    reclaim_cooldown_days = fields.Integer(
        string="Reclaim Cooldown (days)",
        default=7,
        help="The previous owner may not claim a record back for this many days after it entered the pool.",
    )
    mask_contact_details = fields.Boolean(
        help="Hide phone, mobile, email and street of the records in the pool from everyone but its "
        "administrators, until claimed."
    )
    lock_limit = fields.Integer(
        default=5, help="How many of their records a salesperson may lock against recycling (0: none)."
    )
    limit_ids = fields.One2many("crm.smb.pool.limit", "pool_id", string="Per-user Limits")
    rule_ids = fields.One2many("crm.smb.pool.rule", "pool_id", string="Recycling Rules")
    record_count = fields.Integer(compute="_compute_record_count", string="Records in Pool")

    @api.constrains("max_claims_per_day", "max_holding", "reclaim_cooldown_days", "lock_limit")
    def _check_limits(self):
        for pool in self:
            check_limits(pool, (pool.max_claims_per_day, pool.max_holding, pool.lock_limit))
            if not 0 <= pool.reclaim_cooldown_days <= MAX_DAYS:
                raise ValidationError(
                    self.env._("The reclaim cooldown goes from 0 to %(max)s days.", max=MAX_DAYS)
                )

    def _compute_record_count(self):
        for pool_type, model in POOL_MODELS.items():
            pools = self.filtered(lambda p, t=pool_type: p.pool_type == t)
            if not pools:
                continue
            counts = dict(
                self.env[model]._read_group(
                    [("pool_id", "in", pools.ids), ("pool_state", "=", "pool")], ["pool_id"], ["__count"]
                )
            )
            for pool in pools:
                pool.record_count = counts.get(pool, 0)

    def _records_model(self):
        self.ensure_one()
        return self.env[POOL_MODELS[self.pool_type]]

    def _limits_for(self, user):
        """(claims per day, holding limit) for `user`, per-user overrides first."""
        self.ensure_one()
        line = self.limit_ids.filtered(lambda line: line.user_id == user)[:1]
        if line:
            return line.max_claims_per_day, line.max_holding
        return self.max_claims_per_day, self.max_holding

    def _is_admin(self, user=None):
        """The pool's administrators, and the sales managers of its company."""
        self.ensure_one()
        user = user or self.env.user
        return user in self.admin_ids or (
            user.has_group("sales_team.group_sale_manager") and self.company_id in user.company_ids
        )

    # -- actions -------------------------------------------------------------------
    def action_view_records(self):
        self.ensure_one()
        xmlid = (
            "crm_smb_followup.crm_smb_pool_lead_action"
            if self.pool_type == "lead"
            else "crm_smb_followup.crm_smb_pool_customer_action"
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("pool_id", "=", self.id)]
        return action

    def action_preview(self):
        """Dry run: what the next recycling run would warn and recycle, without changing anything."""
        preview = self.env["crm.smb.pool.preview"].create({"pool_ids": [fields.Command.set(self.ids)]})
        preview._fill()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recycling Preview"),
            "res_model": "crm.smb.pool.preview",
            "res_id": preview.id,
            "view_mode": "form",
            "target": "new",
        }

    # -- the nightly job ---------------------------------------------------------------
    @api.model
    def _pool_record_models(self):
        return [self.env[model] for model in POOL_MODELS.values()]

    @api.model
    def _cron_recycle(self):
        """Warn owners before their deadline, then send overdue records back to their pool.

        One bounded batch per record type and call: the cron runner calls again
        while work remains. Rows locked by a concurrent claim are skipped; each
        batch is committed (outside tests), so a crash loses nothing and a rerun
        does nothing twice. Returns (done, remaining).
        """
        now = fields.Datetime.now()
        done = remaining = 0
        for model in self._pool_record_models():
            records_model = model.sudo()
            done += len(records_model._pool_warn_due(now, WARN_BATCH))
            recycled, left = records_model._pool_recycle_batch(now, RECYCLE_BATCH)
            done += len(recycled)
            remaining += left
            self._commit_batch()
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done, remaining

    @api.model
    def _commit_batch(self):
        # Commit each batch so that a crash keeps what is done; never while testing.
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit


def check_limits(record, limits):
    if any(not 0 <= limit <= MAX_LIMIT for limit in limits):
        raise ValidationError(record.env._("Pool limits go from 0 to %(max)s.", max=MAX_LIMIT))


def lock_rows(env, records, nowait=True):
    """Lock `records` rows (SELECT ... FOR NO KEY UPDATE NOWAIT / SKIP LOCKED); return the locked ids."""
    if not records:
        return []
    mode = SQL("NOWAIT") if nowait else SQL("SKIP LOCKED")
    env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE %s",
            SQL.identifier(records._table),
            tuple(records.ids),
            mode,
        ),
        log_exceptions=False,  # a busy row is an expected answer, reported to the user
    )
    return [row[0] for row in env.cr.fetchall()]
