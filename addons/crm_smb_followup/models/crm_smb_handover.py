from odoo import fields, models


class CrmSmbHandover(models.Model):
    """One handover (客户资源转移): who moved what, from whom to whom, and when."""

    _name = "crm.smb.handover"
    _description = "Customer Handover"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    manager_id = fields.Many2one(
        "res.users", string="Done By", required=True, readonly=True, default=lambda self: self.env.user
    )
    from_user_id = fields.Many2one("res.users", string="From", required=True, readonly=True, index=True)
    to_user_id = fields.Many2one("res.users", string="To", readonly=True, index=True)
    partner_ids = fields.Many2many("res.partner", string="Customers", readonly=True)
    lead_ids = fields.Many2many("crm.lead", string="Leads/Opportunities", readonly=True)
    activity_count = fields.Integer(string="Activities Reassigned", readonly=True)
    followup_count = fields.Integer(string="Planned Follow-ups Reassigned", readonly=True)
    reason = fields.Text(readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    def _compute_display_name(self):
        for handover in self:
            handover.display_name = self.env._(
                "%(from)s → %(to)s",
                **{"from": handover.from_user_id.name, "to": handover.to_user_id.name or ""},
            )
