from odoo import fields, models


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
