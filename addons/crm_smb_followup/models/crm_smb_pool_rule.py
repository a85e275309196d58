from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

MAX_DAYS = 3650  # ten years: a longer delay is a typing mistake, and overflows dates


class CrmSmbPoolRule(models.Model):
    """When an owned lead or customer goes back to its pool."""

    _name = "crm.smb.pool.rule"
    _description = "Public Pool Recycling Rule"
    _order = "pool_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    pool_id = fields.Many2one("crm.smb.pool", required=True, ondelete="cascade", index=True)
    pool_type = fields.Selection(related="pool_id.pool_type")
    model_name = fields.Char(string="Model", compute="_compute_model_name")
    domain = fields.Char(
        string="Applies To",
        default="[]",
        help="Which records of the pool's type this rule applies to (e.g. customer level, stage, team).",
    )
    days_without_followup = fields.Integer(
        string="Days without Follow-up",
        help="Recycle N days after the later of the last follow-up and the claim or assignment (0: unused).",
    )
    days_without_win = fields.Integer(
        string="Days without Win", help="Recycle M days after the claim or assignment unless won (0: unused)."
    )
    warning_days = fields.Integer(
        string="Warn Days Before", default=3, help="Warn the owner this many days before the deadline."
    )
    exempt_won = fields.Boolean(default=True, help="Never recycle won customers or leads.")
    exempt_open_opportunity = fields.Boolean(
        string="Exempt Open Opportunities",
        default=True,
        help="Never recycle a customer who has an open opportunity.",
    )
    exempt_locked = fields.Boolean(default=True, help="Never recycle records their owner locked.")
    active = fields.Boolean(default=True)

    @api.depends("pool_type")
    def _compute_model_name(self):
        for rule in self:
            rule.model_name = "crm.lead" if rule.pool_type == "lead" else "res.partner"

    @api.constrains("days_without_followup", "days_without_win", "warning_days", "domain")
    def _check_triggers(self):
        for rule in self:
            triggers = [d for d in (rule.days_without_followup, rule.days_without_win) if d]
            days = (rule.days_without_followup, rule.days_without_win, rule.warning_days)
            if any(d < 0 or d > MAX_DAYS for d in days):
                raise ValidationError(
                    self.env._(
                        "Recycling and warning days go from 1 to %(max)s (0 leaves a trigger unused).",
                        max=MAX_DAYS,
                    )
                )
            if not triggers:
                raise ValidationError(
                    self.env._(
                        "The rule “%(rule)s” has no trigger: "
                        "set days without follow-up, days without win, or both.",
                        rule=rule.name,
                    )
                )
            if rule.warning_days < 0 or rule.warning_days >= min(triggers):
                raise ValidationError(
                    self.env._(
                        "The warning (%(warning)s days before) must come after the claim: "
                        "make it shorter than %(days)s days.",
                        warning=rule.warning_days,
                        days=min(triggers),
                    )
                )
            try:
                domain = safe_eval(rule.domain or "[]")
                # A value the database refuses (a date like "soon") must not abort the transaction.
                with self.env.cr.savepoint(flush=False):
                    self.env[rule.model_name].search_count(domain, limit=1)
            except Exception as exc:
                # The database's own words, without the SQL it was given.
                error = getattr(getattr(exc, "diag", None), "message_primary", None) or exc
                raise ValidationError(
                    self.env._(
                        "The rule “%(rule)s” has an invalid domain: %(error)s", rule=rule.name, error=error
                    )
                ) from exc

    def _deadline_for(self, record):
        """(deadline, rule) for `record` under this rule, or (False, rule) when exempt."""
        self.ensure_one()
        # A record being typed has neither date yet: it starts its time now.
        since = record.date_claimed or record.create_date or fields.Datetime.now()
        candidates = []
        if self.days_without_followup:
            base = max(d for d in (record.last_followup_date, since) if d)
            candidates.append(base + timedelta(days=self.days_without_followup))
        if self.days_without_win:
            candidates.append(since + timedelta(days=self.days_without_win))
        return (min(candidates) if candidates else False), self

    def action_preview(self):
        action = self.pool_id.action_preview()
        preview = self.env["crm.smb.pool.preview"].browse(action["res_id"])
        preview.rule_ids = self
        preview.line_ids = [fields.Command.clear()]
        preview._fill()
        return action
