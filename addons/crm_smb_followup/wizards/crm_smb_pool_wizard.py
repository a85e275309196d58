from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.crm_smb_pool import POOL_ENTRY_MODELS


class CrmSmbPoolWizard(models.TransientModel):
    """Release (owners), assign and move (pool administrators) leads or customers."""

    _name = "crm.smb.pool.wizard"
    _description = "Public Pool Action"

    mode = fields.Selection(
        [("release", "Release to Pool"), ("assign", "Assign"), ("move", "Move to Another Pool")],
        string="Action",
        required=True,
        default="release",
    )
    res_model = fields.Selection(
        [("res.partner", "Customers"), ("crm.lead", "Leads")], string="Records Type", required=True
    )
    res_ids = fields.Json(string="Record IDs")  # checked by _check_res_ids (an empty list is NULL)
    record_count = fields.Integer(compute="_compute_record_count")
    reason_id = fields.Many2one("crm.smb.pool.reason")
    reason = fields.Text(string="Note")
    user_id = fields.Many2one("res.users", string="Assign To", domain="[('share', '=', False)]")
    respect_limits = fields.Boolean(
        string="Apply the Member's Limits",
        default=True,
        help="Uncheck to assign beyond the daily and holding limits.",
    )
    target_pool_id = fields.Many2one("crm.smb.pool", string="To Pool")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        model = POOL_ENTRY_MODELS.get(model, model)  # the pool lists show the records behind
        if model in ("res.partner", "crm.lead"):
            values.setdefault("res_model", model)
            values.setdefault(
                "res_ids", self.env.context.get("active_ids") or [self.env.context.get("active_id")]
            )
        return values

    @api.depends("res_ids")
    def _compute_record_count(self):
        for wizard in self:
            wizard.record_count = len(wizard.res_ids or [])

    @api.constrains("res_ids")
    def _check_res_ids(self):
        for wizard in self:
            ids = wizard.res_ids
            if not (
                isinstance(ids, list)
                and ids
                and all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31 for i in ids)
            ):
                raise ValidationError(self.env._("Select the records to act on."))

    def _records(self):
        self.ensure_one()
        records = self.env[self.res_model].browse(self.res_ids).exists()
        if len(records) != len(self.res_ids):
            raise UserError(self.env._("Some of the selected records no longer exist."))
        records.check_access("read")
        return records

    def action_apply(self):
        self.ensure_one()
        records = self._records()
        if self.mode == "release":
            if not (self.reason_id or self.reason):
                raise UserError(self.env._("Say why you release these records (a reason or a note)."))
            records.action_release(reason_id=self.reason_id.id, reason=self.reason or "")
        elif self.mode == "assign":
            if not self.user_id:
                raise UserError(self.env._("Choose the member to assign to."))
            records.action_pool_assign(self.user_id, respect_limits=self.respect_limits)
        else:
            if not self.target_pool_id:
                raise UserError(self.env._("Choose the pool to move to."))
            records.action_pool_move(self.target_pool_id, reason=self.reason or "")
        return {"type": "ir.actions.act_window_close"}
