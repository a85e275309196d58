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


class CrmSmbPoolPreviewLine(models.TransientModel):
    _name = "crm.smb.pool.preview.line"
    _description = "Recycling Preview Line"
    _order = "action desc, deadline, id"

    preview_id = fields.Many2one("crm.smb.pool.preview", required=True, ondelete="cascade")
    pool_id = fields.Many2one("crm.smb.pool", readonly=True)
    record_ref = fields.Reference(
        [("res.partner", "Customer"), ("crm.lead", "Lead")], string="Record", readonly=True
    )
    name = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    action = fields.Selection([("warn", "Warn"), ("recycle", "Recycle")], readonly=True)
    rule_id = fields.Many2one("crm.smb.pool.rule", readonly=True)
    deadline = fields.Datetime(readonly=True)
    last_followup_date = fields.Datetime(string="Last Follow-up", readonly=True)
    date_claimed = fields.Datetime(string="Claimed or Assigned On", readonly=True)
