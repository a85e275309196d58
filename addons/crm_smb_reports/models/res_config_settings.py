from odoo import api, fields, models

from odoo.addons.crm_smb_followup.models.crm_smb_work_report_rule import WEEKDAYS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_smb_kpi_digest = fields.Boolean(
        string="Weekly KPI Digest",
        help="Email the sales and service managers a weekly summary of the CRM figures.",
    )
    crm_smb_kpi_digest_weekday = fields.Selection(
        WEEKDAYS,
        string="Send On",
        default="0",
        config_parameter="crm_smb_reports.kpi_digest_weekday",
    )

    crm_smb_company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    crm_smb_order_approval = fields.Boolean(related="company_id.crm_smb_order_approval", readonly=False)
    crm_smb_approval_amount = fields.Monetary(
        related="company_id.crm_smb_approval_amount",
        readonly=False,
        currency_field="crm_smb_company_currency_id",
    )
    crm_smb_approval_discount = fields.Float(related="company_id.crm_smb_approval_discount", readonly=False)
    crm_smb_approval_manager_amount = fields.Monetary(
        related="company_id.crm_smb_approval_manager_amount",
        readonly=False,
        currency_field="crm_smb_company_currency_id",
    )
    crm_smb_quote_requires_cost = fields.Boolean(
        related="company_id.crm_smb_quote_requires_cost", readonly=False
    )
    crm_smb_collection_reminder_days = fields.Integer(
        related="company_id.crm_smb_collection_reminder_days", readonly=False
    )

    def _crm_smb_digest(self):
        return self.env.ref("crm_smb_reports.digest_crm_smb_weekly", raise_if_not_found=False)

    @api.model
    def get_values(self):
        res = super().get_values()
        digest = self._crm_smb_digest()
        res["crm_smb_kpi_digest"] = bool(digest and digest.sudo().state == "activated")
        return res

    def set_values(self):
        super().set_values()
        digest = self._crm_smb_digest()
        if not digest:
            return
        digest = digest.sudo()
        if not self.crm_smb_kpi_digest:
            if digest.state == "activated":
                digest.action_deactivate()
            return
        if digest.state != "activated":
            digest.action_activate()
            digest._crm_smb_subscribe_managers()
        digest.next_run_date = digest._get_next_run_date()
