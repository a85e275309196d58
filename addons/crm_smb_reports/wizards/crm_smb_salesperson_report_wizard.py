from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmSmbSalespersonReportWizard(models.TransientModel):
    """Choose salespeople and a period, then print their period report."""

    _name = "crm.smb.salesperson.report.wizard"
    _description = "Salesperson Period Report"

    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_from = fields.Date(  # the last thirty days (this month would be one day on the 1st)
        required=True, default=lambda self: fields.Date.context_today(self) - timedelta(days=29)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    # Whether the form lets the user pick salespeople (a default: Odoo's onchange does not compute
    # a field that depends on nothing of the record); the print checks the user's groups itself.
    can_choose = fields.Boolean(default=lambda self: self._user_can_choose(), readonly=True)

    @api.model
    def _user_can_choose(self):
        return self.env.user.has_group("sales_team_security.group_sale_team_manager")

    def action_print(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        if not self.env.user._crm_smb_sees_work_of(self.user_ids):
            raise UserError(self.env._("You can print your own and your teams' period reports only."))
        # The web client sends the report's `data` without the records when there is data: the
        # salespeople travel in it.
        return self.env.ref("crm_smb_reports.action_report_salesperson_period").report_action(
            self.user_ids,
            data={"user_ids": self.user_ids.ids, "date_from": self.date_from, "date_to": self.date_to},
        )
