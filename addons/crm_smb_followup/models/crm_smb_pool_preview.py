from odoo import fields, models


class CrmSmbPoolPreview(models.TransientModel):
    """Dry run of the recycling job: what it would warn and recycle now, changing nothing."""

    _name = "crm.smb.pool.preview"
    _description = "Recycling Preview"

    pool_ids = fields.Many2many("crm.smb.pool", string="Pools")
    rule_ids = fields.Many2many("crm.smb.pool.rule", string="Only Rules")
    date = fields.Datetime(string="As Of", default=fields.Datetime.now, readonly=True)
    line_ids = fields.One2many("crm.smb.pool.preview.line", "preview_id", string="Would Happen")
    warn_count = fields.Integer(compute="_compute_counts")
    recycle_count = fields.Integer(compute="_compute_counts")

    def _compute_counts(self):
        for preview in self:
            preview.warn_count = len(preview.line_ids.filtered(lambda line: line.action == "warn"))
            preview.recycle_count = len(preview.line_ids.filtered(lambda line: line.action == "recycle"))

    def _fill(self):
        self.ensure_one()
        now = self.date
        lines = []
        for pool in self.pool_ids:
            records_model = pool._records_model().sudo()
            base = [("pool_id", "=", pool.id), ("pool_state", "=", "owned")]
            if self.rule_ids:
                base.append(("recycle_rule_id", "in", self.rule_ids.ids))
            for record in records_model.search([*base, ("recycle_deadline", "<=", now)]):
                lines.append(self._line_values(pool, record, "recycle"))
            warned = records_model.search(
                [*base, ("recycle_warning_date", "<=", now), ("recycle_deadline", ">", now)]
            ).filtered(lambda r: r.recycle_warned_deadline != r.recycle_deadline)
            for record in warned:
                lines.append(self._line_values(pool, record, "warn"))
        self.line_ids = [fields.Command.create(values) for values in lines]

    def _line_values(self, pool, record, action):
        return {
            "pool_id": pool.id,
            "record_ref": f"{record._name},{record.id}",
            "name": record.display_name,
            "user_id": record.user_id.id,
            "action": action,
            "rule_id": record.recycle_rule_id.id,
            "deadline": record.recycle_deadline,
            "last_followup_date": record.last_followup_date,
            "date_claimed": record.date_claimed,
        }
