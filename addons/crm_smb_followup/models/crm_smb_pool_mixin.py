import json
from datetime import timedelta

from markupsafe import Markup
from psycopg2 import errors as pg_errors

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.safe_eval import safe_eval

from ..tools import create_column_with_default, create_columns
from .crm_smb_pool import lock_rows

# Pool fields a pool administrator may also set directly (on records not waiting in a pool):
# the pool whose rules apply. Every other pool field changes only through the pool actions.
ADMIN_WRITABLE_FIELDS = frozenset(("pool_id",))
# Context key naming the history action of an owner change made by `write` (default "reassign").
OWNER_ACTION_KEY = "crm_smb_owner_action"


def suite_computed_fields(model):
    """Names of `model`'s fields that this suite computes and nobody writes (no inverse, readonly).

    Checked at every write of a customer or lead: found once per model class (a registry builds
    its classes anew, so the answer never outlives the fields it was drawn from)."""
    cls = type(model)
    if "_crm_smb_computed_fields" not in cls.__dict__:
        cls._crm_smb_computed_fields = frozenset(
            name
            for name, field in model._fields.items()
            if field.compute
            and field.readonly
            and not field.inverse
            and any((module or "").startswith("crm_smb_") for module in field._modules or ())
        )
    return cls._crm_smb_computed_fields


def changed_fields(records, vals, names):
    """Those of `names` in `vals` whose value would change on `records` (on a new record: differ
    from the default). Values restated as they are (a user's own partner, a default) pass."""
    changed = set()
    sudo = records.sudo()
    for name in names & vals.keys():
        field = records._fields[name]
        new = field.convert_to_cache(vals[name], sudo.browse(), validate=False)
        if sudo:
            olds = [field.convert_to_cache(record[name], record, validate=False) for record in sudo]
        else:  # the field's own default, not one given in the context
            default = field.default(sudo) if field.default else False
            olds = [field.convert_to_cache(default, sudo, validate=False)]
        if any(old != new for old in olds):
            changed.add(name)
    return changed


def refuse_computed_writes(model, vals):
    """Users do not write what the suite computes (deadlines, last follow-up, edit windows...)."""
    if model.env.su:
        return
    forced = sorted(changed_fields(model, vals, suite_computed_fields(model)))
    if forced:
        raise UserError(
            model.env._(
                "These fields are computed and cannot be set: %(fields)s.",
                fields=", ".join(model._fields[name]._description_string(model.env) for name in forced),
            )
        )


class CrmSmbPoolMixin(models.AbstractModel):
    """Public-pool fields and behaviour shared by leads and customers."""

    _name = "crm.smb.pool.mixin"
    _description = "Public Pool Record"
    _pool_type = None  # "lead" or "customer"

    pool_id = fields.Many2one(
        "crm.smb.pool",
        index="btree_not_null",
        tracking=True,
        copy=False,
        compute="_compute_pool_id",
        store=True,
        readonly=False,
        help="The public pool whose rules apply to this record, and where it goes when recycled.",
    )
    pool_state = fields.Selection(
        [("owned", "Owned"), ("pool", "In Pool")],
        index=True,
        tracking=True,
        copy=False,
        default="owned",
    )
    date_claimed = fields.Datetime(
        string="Claimed or Assigned On", copy=False, help="When the current owner claimed or was assigned it."
    )
    pool_entry_date = fields.Datetime(string="Entered Pool On", copy=False)
    previous_user_id = fields.Many2one("res.users", string="Previous Owner", copy=False)
    pool_locked = fields.Boolean(
        string="Locked",
        copy=False,
        tracking=True,
        help="Locked records are not recycled (within the pool's limit).",
    )
    recycle_deadline = fields.Datetime(
        compute="_compute_recycle_deadline",
        store=True,
        index="btree_not_null",
        copy=False,
        help="When this record goes back to its pool unless followed up.",
    )
    recycle_rule_id = fields.Many2one(
        "crm.smb.pool.rule",
        string="Recycling Rule",
        compute="_compute_recycle_deadline",
        store=True,
        copy=False,
    )
    recycle_warning_date = fields.Datetime(
        compute="_compute_recycle_deadline",
        store=True,
        index="btree_not_null",
        copy=False,
        help="When the owner is warned that the record is about to return to the pool.",
    )
    recycle_warned_deadline = fields.Datetime(copy=False, help="Deadline the owner was last warned about.")
    waiting_pool_id = fields.Many2one(
        "crm.smb.pool",
        string="Waiting in Pool",
        compute="_compute_waiting_pool_id",
        store=True,
        index="btree_not_null",
        help="The pool this record waits in, with its contact persons and unowned leads: until "
        "claimed, only the pool's administrators read it; members see it through the pool.",
    )

    # -- computes -------------------------------------------------------------------------
    @api.depends("user_id")
    def _compute_pool_id(self):
        pools = self.env["crm.smb.pool"].sudo().search([("pool_type", "=", self._pool_type)])
        for record in self:
            if record.pool_id or not record.user_id or not pools:
                continue
            teams = record.user_id.sale_team_id
            company = record.company_id or self.env.company
            record.pool_id = pools.filtered(
                lambda p, t=teams, c=company: p.company_id == c and t & p.team_ids
            )[:1]

    def _auto_init(self):
        # Existing customers and leads are owned, and no pool or rule exists before the module:
        # nothing to compute on them, and no row rewritten.
        create_column_with_default(self, "pool_state", "owned")
        create_columns(
            self,
            ["pool_id", "recycle_deadline", "recycle_rule_id", "recycle_warning_date", "waiting_pool_id"],
        )
        return super()._auto_init()

    def _pool_is_exempt(self, rule):
        """Exemptions of `rule` for this record (won, open opportunity, locked)."""
        self.ensure_one()
        return (rule.exempt_locked and self.pool_locked) or (rule.exempt_won and self._pool_is_won())

    def _pool_is_won(self):
        raise NotImplementedError

    @api.depends(
        "pool_id",
        "pool_state",
        "user_id",
        "date_claimed",
        "last_followup_date",
        "pool_locked",
        "pool_id.rule_ids.sequence",
        "pool_id.rule_ids.domain",
        "pool_id.rule_ids.days_without_followup",
        "pool_id.rule_ids.days_without_win",
        "pool_id.rule_ids.exempt_won",
        "pool_id.rule_ids.exempt_open_opportunity",
        "pool_id.rule_ids.exempt_locked",
    )
    def _compute_recycle_deadline(self):
        rules_by_pool = {}
        for record in self:
            record.recycle_deadline = False
            record.recycle_rule_id = False
            record.recycle_warning_date = False
            if record.pool_state != "owned" or not record.user_id or not record.pool_id:
                continue
            pool = record.pool_id
            if pool not in rules_by_pool:
                rules_by_pool[pool] = [
                    (rule, safe_eval(rule.domain or "[]")) for rule in pool.rule_ids.sorted("sequence")
                ]
            for rule, domain in rules_by_pool[pool]:
                if domain and not record.filtered_domain(domain):
                    continue
                if not record._pool_is_exempt(rule):
                    record.recycle_deadline, record.recycle_rule_id = rule._deadline_for(record)
                    record.recycle_warning_date = record.recycle_deadline - timedelta(days=rule.warning_days)
                break

    def _compute_waiting_pool_id(self):
        raise NotImplementedError

    def _pool_is_waiting(self):
        self.ensure_one()
        return self.pool_state == "pool" and bool(self.pool_id)

    # -- pool fields and owners change through the pool actions only ----------------------
    @api.model
    def _pool_protected_fields(self):
        """Fields only the pool actions write: the mixin's own and what the suite computes."""
        mixin = self.env["crm.smb.pool.mixin"]
        own = set(mixin._fields) - set(models.MAGIC_COLUMNS) - {"display_name"}
        return own | suite_computed_fields(self)

    def _pool_check_vals(self, vals, pools):
        """Refuse pool fields in `vals` that would change: none is allowed to users; the pool of a
        record not waiting in one is allowed to the administrators of every pool involved."""
        if self.env.su:
            return
        refuse_computed_writes(self, vals)
        protected = changed_fields(self, vals, self._pool_protected_fields())
        if not protected:
            return
        new_pool = vals.get("pool_id")
        pools = pools | self.env["crm.smb.pool"].browse(new_pool if isinstance(new_pool, int) else [])
        admin = all(pool._is_admin() for pool in pools.sudo())
        if (
            not admin
            or protected - ADMIN_WRITABLE_FIELDS
            or any(record._pool_is_waiting() for record in self.sudo())
        ):
            raise UserError(
                self.env._(
                    "Records enter and leave a public pool only through Claim, Release, Assign, Move "
                    "and Handover; the lock is set with Lock, and only a pool's administrators choose "
                    "the pool of an owned record."
                )
            )

    def _pool_check_owner_change(self, vals):
        """Salespeople take no colleague's record by writing its salesperson: {record: previous owner}."""
        if self.env.su or "user_id" not in vals:
            return {}
        new_owner = vals["user_id"] or False
        changed = self.sudo().filtered(lambda r: r.user_id.id != new_owner)
        if changed.filtered(lambda r: r.pool_state == "pool"):
            raise UserError(
                self.env._(
                    "A record waiting in a public pool is claimed from the pool, or assigned by a "
                    "pool administrator."
                )
            )
        user = self.env.user
        if not user.has_group("sales_team.group_sale_manager"):
            if changed.filtered(lambda r: r.user_id or new_owner != user.id):
                raise UserError(
                    self.env._(
                        "Only a sales manager or a handover changes the salesperson of a customer or "
                        "lead that has one; you may only take one that has none."
                    )
                )
        return {record.id: record.user_id.id for record in changed}

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Defaults given in the context count as given values.
            defaults = self.default_get(list(self._pool_protected_fields()))
            for vals in vals_list:
                self._pool_check_vals({**defaults, **vals}, self.env["crm.smb.pool"])
        return super().create(vals_list)

    def write(self, vals):
        self._pool_check_vals(vals, self.sudo().pool_id)
        previous = self._pool_check_owner_change(vals)
        res = super().write(vals)
        if previous:
            changed = self.browse(list(previous)).sudo()
            self.env["crm.smb.pool.history"]._log(
                changed,
                self.env.context.get(OWNER_ACTION_KEY, "reassign"),
                self.env["crm.smb.pool"],
                from_users=previous,
                to_user=changed[:1].user_id,
            )
        return res

    def copy_data(self, default=None):
        if any(record._pool_is_waiting() for record in self.sudo()):
            raise UserError(self.env._("A record waiting in a public pool is copied once it is claimed."))
        return super().copy_data(default=default)

    def _pool_check_not_waiting(self):
        if self.sudo().filtered(lambda r: r.waiting_pool_id):
            raise UserError(self.env._("Records waiting in a public pool are merged once they are claimed."))

    # -- claim ----------------------------------------------------------------------------
    def _pool_lock(self):
        """Lock the rows for a user action, or say clearly that someone else is at it."""
        try:
            with self.env.cr.savepoint(flush=False):
                lock_rows(self.env, self, nowait=True)
        except pg_errors.LockNotAvailable as exc:
            raise UserError(
                self.env._(
                    "Someone else is claiming or moving these records right now. Try again in a moment."
                )
            ) from exc
        self.invalidate_recordset()

    def _pool_check_claim_limits(self, pool, user, count):
        claims_per_day, holding = pool._limits_for(user)
        History = self.env["crm.smb.pool.history"].sudo()
        # Serialize the claims of one user, so that two tabs cannot both pass a limit.
        self.env.cr.execute(SQL("SELECT id FROM res_users WHERE id = %s FOR NO KEY UPDATE", user.id))
        if claims_per_day:
            start = fields.Datetime.to_datetime(fields.Date.context_today(self.with_user(user)))
            today_count = History.search_count(
                [
                    ("to_user_id", "=", user.id),
                    ("action", "=", "claim"),
                    ("pool_id", "=", pool.id),
                    ("date", ">=", start),
                ]
            )
            if today_count + count > claims_per_day:
                raise UserError(
                    self.env._(
                        "Daily claim limit reached: you may claim %(limit)s records a day from “%(pool)s” "
                        "and have claimed %(done)s today.",
                        limit=claims_per_day,
                        pool=pool.name,
                        done=today_count,
                    )
                )
        if holding:
            held = self.sudo().search_count(
                [("pool_id", "=", pool.id), ("pool_state", "=", "owned"), ("user_id", "=", user.id)]
            )
            if held + count > holding:
                raise UserError(
                    self.env._(
                        "Holding limit reached: you may own %(limit)s records of “%(pool)s” "
                        "and own %(held)s.",
                        limit=holding,
                        pool=pool.name,
                        held=held,
                    )
                )

    def action_claim(self):
        """Members take records from the pool: atomic, within the daily, holding and cooldown limits.

        Who is not a member or administrator of the records' pools learns nothing about them:
        not their names, nor whether they exist or who owns them.
        """
        user = self.env.user
        records = self.sudo().exists()
        if (
            not records
            or len(records) != len(self)
            or records.filtered(lambda r: not r.pool_id)
            or any(user not in pool.member_ids and not pool._is_admin(user) for pool in records.pool_id)
        ):
            raise UserError(self.env._("Only records waiting in a public pool of yours can be claimed."))
        records._pool_lock()
        now = fields.Datetime.now()
        for pool in records.pool_id:
            batch = records.filtered(lambda r, p=pool: r.pool_id == p)
            taken = batch.filtered(lambda r: r.pool_state != "pool")
            if taken:
                raise UserError(
                    self.env._(
                        "“%(name)s” was just claimed by %(owner)s.",
                        name=taken[0].display_name,
                        owner=taken[0].user_id.name or self.env._("someone else"),
                    )
                )
            cooling = batch.filtered(
                lambda r, p=pool: (
                    r.previous_user_id == user
                    and p.reclaim_cooldown_days
                    and r.pool_entry_date
                    and r.pool_entry_date > now - timedelta(days=p.reclaim_cooldown_days)
                )
            )
            if cooling:
                days = pool.reclaim_cooldown_days
                raise UserError(
                    self.env._(
                        "You released “%(name)s” less than %(days)s days ago: "
                        "a colleague gets the first chance.",
                        name=cooling[0].display_name,
                        days=days,
                    )
                )
            batch._pool_check_claim_limits(pool, user, len(batch))
            batch._pool_take(pool, user, "claim")
        return True

    def _pool_claimed_message(self):
        """What the member is told after claiming this record."""
        self.ensure_one()
        return self.env._("“%(name)s” is now yours.", name=self.sudo().display_name)

    def _pool_take(self, pool, user, action, reason=""):
        """Give pool records to `user` (claim or assign): owner, dates, history, one note each."""
        self._crm_smb_clear_collaborators()
        self.with_context(tracking_disable=True, mail_notrack=True).write(
            {
                "user_id": user.id,
                "pool_state": "owned",
                "date_claimed": fields.Datetime.now(),
                "recycle_warned_deadline": False,
            }
        )
        History = self.env["crm.smb.pool.history"]
        History._log(self, action, pool, to_user=user, reason=reason)
        body = (
            self.env._("Claimed from the pool “%(pool)s” by %(user)s.", pool=pool.name, user=user.name)
            if action == "claim"
            else self.env._(
                "Assigned from the pool “%(pool)s” to %(user)s by %(admin)s.",
                pool=pool.name,
                user=user.name,
                admin=self.env.user.name,
            )
        )
        History._log_notes(self, body)

    # -- release, assign, move ---------------------------------------------------------------
    def _pool_put_back(self, pool, action, reason_id=False, reason="", rules=None):
        """Send owned records to `pool`: owner cleared, history written, one note each."""
        self._crm_smb_clear_collaborators()
        previous = {record.id: record.user_id.id for record in self}
        History = self.env["crm.smb.pool.history"]
        History._log(self, action, pool, from_users=previous, reason_id=reason_id, reason=reason, rules=rules)
        now = fields.Datetime.now()
        self.flush_recordset(["user_id"])
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET previous_user_id = user_id WHERE id IN %s",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["previous_user_id"])
        self.with_context(tracking_disable=True, mail_notrack=True).write(
            {
                "user_id": False,
                "pool_id": pool.id,
                "pool_state": "pool",
                "pool_entry_date": now,
                "pool_locked": False,
                "date_claimed": False,
            }
        )
        return previous

    def action_release(self, reason_id=False, reason=""):
        """The owner gives records back to their pool, with a reason."""
        user = self.env.user
        not_mine = self.sudo().filtered(lambda r: r.user_id != user)
        if any(not (record.pool_id and record.pool_id._is_admin(user)) for record in not_mine):
            raise UserError(self.env._("You can only release your own records."))
        records = self.sudo()
        if records.filtered(lambda r: not r.pool_id):
            raise UserError(
                self.env._(
                    "“%(name)s” belongs to no pool.",
                    name=records.filtered(lambda r: not r.pool_id)[0].display_name,
                )
            )
        records._pool_lock()
        for pool in records.pool_id:
            batch = records.filtered(lambda r, p=pool: r.pool_id == p and r.pool_state == "owned")
            batch._pool_put_back(pool, "release", reason_id=reason_id, reason=reason)
            reason_name = self.env["crm.smb.pool.reason"].browse(reason_id).name if reason_id else ""
            note = self.env._(
                "Released to the pool “%(pool)s” by %(user)s. %(reason)s",
                pool=pool.name,
                user=user.name,
                reason=" ".join(r for r in (reason_name, reason) if r),
            )
            self.env["crm.smb.pool.history"]._log_notes(batch, note)
        return True

    def _pool_check_admin(self, pools):
        for pool in pools:
            if not pool._is_admin():
                raise UserError(
                    self.env._("Only administrators of the pool “%(pool)s” can do this.", pool=pool.name)
                )

    def action_pool_assign(self, user, respect_limits=True):
        """Pool administrators give pool records to a member, with or without the member's limits."""
        records = self.sudo()
        self._pool_check_admin(records.pool_id)
        records._pool_lock()
        for pool in records.pool_id:
            batch = records.filtered(lambda r, p=pool: r.pool_id == p and r.pool_state == "pool")
            if user not in pool.member_ids and user not in pool.admin_ids:
                raise UserError(
                    self.env._(
                        "%(user)s is not a member of the pool “%(pool)s”.", user=user.name, pool=pool.name
                    )
                )
            if respect_limits:
                batch._pool_check_claim_limits(pool, user, len(batch))
            batch._pool_take(pool, user, "assign")
        return True

    def action_pool_move(self, target_pool, reason=""):
        """Pool administrators move records (in a pool or owned) to another pool of the same type."""
        records = self.sudo()
        self._pool_check_admin(records.pool_id | target_pool)
        if target_pool.pool_type != self._pool_type:
            raise UserError(self.env._("“%(pool)s” holds another type of records.", pool=target_pool.name))
        records._pool_lock()
        self.env["crm.smb.pool.history"]._log(records, "move", target_pool, reason=reason)
        records.with_context(tracking_disable=True, mail_notrack=True).write({"pool_id": target_pool.id})
        note = self.env._(
            "Moved to the pool “%(pool)s” by %(user)s.", pool=target_pool.name, user=self.env.user.name
        )
        self.env["crm.smb.pool.history"]._log_notes(records, note)
        return True

    def action_toggle_pool_lock(self):
        """Owners lock a limited number of their records against recycling."""
        for record in self:
            pool = record.sudo().pool_id
            if record.user_id != self.env.user and not (pool and pool._is_admin()):
                raise UserError(self.env._("You can only lock your own records."))
            if not record.pool_locked:
                locked = self.sudo().search_count(
                    [
                        ("pool_id", "=", pool.id),
                        ("user_id", "=", record.user_id.id),
                        ("pool_locked", "=", True),
                    ]
                )
                if not pool or locked >= pool.lock_limit:
                    raise UserError(
                        self.env._(
                            "Lock limit reached: you may lock %(limit)s records of “%(pool)s”.",
                            limit=pool.lock_limit,
                            pool=pool.name or "",
                        )
                    )
            record.sudo().pool_locked = not record.pool_locked
        return True

    # -- the nightly job, per record type ---------------------------------------------------
    def _pool_warn_due(self, now, limit):
        """Plan one warning activity per deadline for owners whose records are about to be recycled."""
        query = self._search(
            [
                ("pool_state", "=", "owned"),
                ("recycle_warning_date", "<=", now),
                ("recycle_deadline", ">", now),
            ],
            order="recycle_deadline, id",
            limit=limit,
        )
        # Not warned yet about this deadline (a new deadline gets a new warning).
        query.add_where(
            SQL(
                "%s IS DISTINCT FROM %s",
                self._field_to_sql(query.table, "recycle_warned_deadline", query),
                self._field_to_sql(query.table, "recycle_deadline", query),
            )
        )
        due = self.browse(query.get_result_ids())
        for record in due:
            # The owner's day (time zone) and words (language), not the server's.
            owner = record.with_context(tz=record.user_id.tz or "UTC", lang=record.user_id.lang)
            day = fields.Datetime.context_timestamp(owner, record.recycle_deadline).date()
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=day,
                summary=owner.env._(
                    "Follow up or it returns to the pool on %(date)s", date=format_date(owner.env, day)
                ),
                user_id=record.user_id.id,
            )
            record.recycle_warned_deadline = record.recycle_deadline
        return due

    # Set by the recycling job in SQL; everything else depending on them is left to the ORM.
    _pool_recycle_fields = (
        "user_id",
        "previous_user_id",
        "pool_state",
        "pool_entry_date",
        "pool_locked",
        "date_claimed",
        "recycle_deadline",
        "recycle_rule_id",
        "recycle_warning_date",
    )

    def _pool_recycle_sql_sets(self):
        """{column: SQL value over the row `t`} that the batch statement sets on this model beyond
        the pool columns: side effects `write` adds to `vals` when the owner is emptied, and stored
        computes of the row cheaper to set here than to recompute. Checked by a differential test."""
        return {}

    def _pool_recompute_after_sql(self, fnames):
        """Mark for recomputation what depends on `fnames`, which a statement has just set on
        these records (their computes included), as Odoo's `write` would.

        Odoo's `modified` marks the whole closure of the dependencies at once: emptying a lead's
        salesperson marks its team, and through the team its stage, properties and
        probabilities, although Odoo's team compute keeps the team of an unassigned lead. Here
        a computed field of the records that only depends on fields of the same records is
        followed to its own dependents only on the records where it changed. Any other
        dependency (through a relation, another model, other records) is left to the ORM.
        """
        changed = {fname: set(self._ids) for fname in fnames}
        plan = self._pool_recompute_plan(tuple(fnames))
        old = {}
        if plan:
            watched = [field.name for field, _deps, has_dependents in plan if has_dependents]
            self.fetch(watched)
            old = {fname: {record.id: record[fname] for record in self} for fname in watched}
        self.modified(fnames)
        for fname in fnames:  # computed by the statement itself
            if self._fields[fname].compute:
                self.env.remove_to_compute(self._fields[fname], self)
        tocompute = self.env.transaction.tocompute
        for field, deps, has_dependents in plan:
            triggered = set().union(*(changed.get(dep, ()) for dep in deps))
            untouched = self.browse(set(tocompute.get(field, ())).intersection(self._ids) - triggered)
            if untouched:
                self.env.remove_to_compute(field, untouched)
            if has_dependents and triggered:
                records = self.browse(sorted(triggered))
                records._recompute_recordset([field.name])
                changed[field.name] = {
                    record.id for record in records if record[field.name] != old[field.name][record.id]
                }

    @tools.ormcache("fnames")
    def _pool_recompute_plan(self, fnames):
        """[(field, names of the fields of the record it depends on, whether other fields of the
        plan depend on it)] in dependency order: the stored computes of this model that `fnames`
        trigger on the same records and that depend on nothing but fields of the record."""
        tree = self.pool.get_trigger_tree([self._fields[fname] for fname in fnames])
        triggered, subtrees = set(), [tree]
        while subtrees:
            subtree = subtrees.pop()
            triggered.update(field for field in subtree.root if field.model_name == self._name)
            subtrees.extend(subtree.values())
        candidates = {
            field: set(self.pool.field_depends[field])
            for field in tree.root
            if field.store
            and field.compute
            and field.model_name == self._name
            and field.name not in fnames
            and not field.recursive
            and not any("." in path for path in self.pool.field_depends[field])
        }

        def follows(deps):
            # Set by the statement, followed here, or untouched: nothing that might change unseen
            # (through a relation, or a non-stored compute).
            names = {field.name for field in candidates}
            return all(dep in fnames or dep in names or self._fields[dep] not in triggered for dep in deps)

        while any(not follows(deps) for deps in candidates.values()):
            candidates = {field: deps for field, deps in candidates.items() if follows(deps)}
        plan = []
        while candidates:
            names = {field.name for field in candidates}
            ready = sorted((f for f, deps in candidates.items() if not deps & names), key=lambda f: f.name)
            if not ready:  # a cycle: left to the ORM
                break
            for field in ready:
                plan.append((field, candidates.pop(field)))
        return [(field, deps, any(field.name in other for _f, other in plan)) for field, deps in plan]

    def _pool_recycle_batch(self, now, limit):
        """Recycle one batch of overdue records; return (recycled, how many remain due, at most
        `limit`).

        The nightly job may have tens of thousands of records to send back, so a batch is
        one statement: the rows are locked (skipping those a claim holds) and re-checked,
        the owner is cleared, and the history rows and chatter notes that `_pool_put_back`,
        `History._log` and `_message_log_batch` would write one by one are inserted from
        the same rows. What else depends on the owner is then recomputed by the ORM as after
        a `write` (`_pool_recompute_after_sql`).
        """
        domain = [("pool_state", "=", "owned"), ("recycle_deadline", "<=", now)]
        # Oldest deadlines first, through the deadline index (not a walk of the whole table by id).
        candidates = self.search(domain, order="recycle_deadline, id", limit=limit)
        if not candidates:
            return self.browse(), 0
        self.env.flush_all()
        author_id, email_from = self._message_compute_author(None, None, raise_on_email=False)
        pools = (
            self.env["crm.smb.pool"]
            .with_context(active_test=False)
            .search([("pool_type", "=", self._pool_type)])
        )
        bodies = {
            str(pool.id): Markup("<p>%s</p>")
            % self.env._("Recycled to the pool “%(pool)s”: not followed up in time.", pool=pool.name)
            for pool in pools
        }
        self.env.cr.execute(
            SQL(
                """
                WITH due AS (
                    SELECT id, user_id, recycle_rule_id, COALESCE(date_claimed, create_date) AS since
                      FROM %(table)s
                     WHERE id = ANY(%(ids)s) AND pool_state = 'owned' AND recycle_deadline <= %(now)s
                       AND pool_id IS NOT NULL
                     ORDER BY id
                       FOR NO KEY UPDATE SKIP LOCKED
                ), moved AS (
                    UPDATE %(table)s AS t
                       SET previous_user_id = due.user_id, user_id = NULL, pool_state = 'pool',
                           pool_entry_date = %(now)s, pool_locked = FALSE, date_claimed = NULL,
                           recycle_deadline = NULL, recycle_rule_id = NULL, recycle_warning_date = NULL,
                           write_uid = %(uid)s, write_date = %(write_date)s %(model_sets)s
                      FROM due
                     WHERE t.id = due.id
                 RETURNING t.id, t.pool_id, due.user_id, due.recycle_rule_id, due.since
                ), history AS (
                    INSERT INTO crm_smb_pool_history (
                        date, pool_id, pool_type, %(record_column)s, action, from_user_id, rule_id,
                        holding_days, company_id, create_uid, create_date, write_uid, write_date)
                    SELECT %(now)s, pool.id, pool.pool_type, moved.id, 'recycle', moved.user_id,
                           moved.recycle_rule_id,
                           COALESCE(EXTRACT(EPOCH FROM %(now)s - moved.since) / 86400, 0),
                           pool.company_id, %(uid)s, %(write_date)s, %(uid)s, %(write_date)s
                      FROM moved JOIN crm_smb_pool pool ON pool.id = moved.pool_id
                ), notes AS (
                    INSERT INTO mail_message (
                        model, res_id, body, message_type, subtype_id, is_internal, author_id,
                        email_from, reply_to, message_id, email_add_signature, date,
                        create_uid, create_date, write_uid, write_date)
                    SELECT %(model)s, moved.id, %(bodies)s::jsonb ->> moved.pool_id::text,
                           'notification', %(subtype_id)s, TRUE, %(author_id)s,
                           %(email_from)s, %(reply_to)s, %(message_id)s, FALSE, %(now)s,
                           %(uid)s, %(write_date)s, %(uid)s, %(write_date)s
                      FROM moved
                )
                SELECT id FROM moved ORDER BY id
                """,
                table=SQL.identifier(self._table),
                model_sets=SQL("").join(
                    SQL(", %s = %s", SQL.identifier(column), value)
                    for column, value in self._pool_recycle_sql_sets().items()
                ),
                record_column=SQL.identifier("lead_id" if self._name == "crm.lead" else "partner_id"),
                ids=candidates.ids,
                now=now,
                uid=self.env.uid,
                write_date=self.env.cr.now(),
                model=self._name,
                bodies=json.dumps(bodies),
                subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author_id=author_id,
                email_from=email_from,
                reply_to=self.env["mail.thread"]._notify_get_reply_to(default=email_from)[False],
                message_id=generate_tracking_message_id("message-notify"),
            )
        )
        # Like `_pool_put_back`, the owner change is told by the note and the history, not tracked.
        records = self.with_context(tracking_disable=True, mail_notrack=True).browse(
            row[0] for row in self.env.cr.fetchall()
        )
        self.env.invalidate_all()
        records._pool_recompute_after_sql((*self._pool_recycle_fields, *self._pool_recycle_sql_sets()))
        records.env.flush_all()
        # Enough for the cron runner to call again (and to show progress): counted up to one more
        # batch, not over every due row at each batch.
        remaining = self.search_count(domain, limit=limit) if len(candidates) == limit else 0
        return records, remaining
