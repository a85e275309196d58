from odoo import fields, models


class CrmSmbWorkReport(models.Model):
    _inherit = "crm.smb.work.report"

    currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    order_count = fields.Integer(string="Orders", readonly=True, help="Orders confirmed in the period.")
    order_amount = fields.Monetary(readonly=True, help="Untaxed, in the company's currency.")
    collected_amount = fields.Monetary(
        string="Collected",
        readonly=True,
        help="Customer payments received in the period on the author's invoices.",
    )

    def _figures(self):
        figures = super()._figures()
        start, end = self._period_bounds()
        env = self.sudo().env
        [[count, amount]] = env["crm.smb.sales.report"]._read_group(
            [
                ("user_id", "=", self.user_id.id),
                ("company_id", "=", self.company_id.id),
                ("status", "=", "confirmed"),
                ("date_order", ">=", start),
                ("date_order", "<", end),
            ],
            [],
            ["__count", "amount:sum"],
        )
        [[collected]] = env["crm.smb.collection.period.report"]._read_group(
            [
                ("user_id", "=", self.user_id.id),
                ("company_id", "=", self.company_id.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            [],
            ["amount_collected:sum"],
        )
        return {
            **figures,
            "order_count": count,
            "order_amount": amount or 0.0,
            "collected_amount": collected or 0.0,
        }
