from odoo import fields, models
from odoo.tools import SQL


class CrmSmbSalesReport(models.Model):
    """Quotations and confirmed orders per salesperson, customer level and month, in company currency."""

    _name = "crm.smb.sales.report"
    _description = "Sales Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "sale.order": [
            "partner_id",
            "user_id",
            "team_id",
            "company_id",
            "date_order",
            "state",
            "amount_untaxed",
            "currency_rate",
        ],
        "res.partner": ["commercial_partner_id", "customer_level_id"],
        "sale.order.line": ["order_id", "invoice_lines"],
        "account.move.line": ["move_id", "balance"],
        "account.move": ["state", "move_type"],
    }
    _xlsx_fields = (
        "order_id",
        "partner_id",
        "customer_level_id",
        "user_id",
        "date_order",
        "status",
        "amount",
        "confirmed_amount",
        "invoiced_amount",
        "refunded_amount",
    )
    _order = "date_order desc, id desc"

    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    customer_level_id = fields.Many2one("crm.smb.customer.level", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    date_order = fields.Datetime(string="Order Date", readonly=True)
    status = fields.Selection([("quotation", "Quotation"), ("confirmed", "Confirmed")], readonly=True)
    order_count = fields.Integer(string="# Orders", readonly=True, aggregator="sum")
    confirmed_count = fields.Integer(string="# Confirmed", readonly=True, aggregator="sum")
    amount = fields.Monetary(string="Untaxed Total", readonly=True, aggregator="sum")
    confirmed_amount = fields.Monetary(readonly=True, aggregator="sum")
    invoiced_amount = fields.Monetary(
        string="Invoiced (Net)",
        readonly=True,
        aggregator="sum",
        help="Untaxed amount of the order's posted invoices minus its posted credit notes.",
    )
    refunded_amount = fields.Monetary(
        string="Refunded",
        readonly=True,
        aggregator="sum",
        help="Untaxed amount of the posted credit notes issued for the order.",
    )

    def _select(self):
        return SQL(
            """
                SELECT
                    so.id AS id,
                    so.id AS order_id,
                    COALESCE(p.commercial_partner_id, so.partner_id) AS partner_id,
                    cp.customer_level_id AS customer_level_id,
                    so.user_id AS user_id,
                    so.team_id AS team_id,
                    so.company_id AS company_id,
                    c.currency_id AS currency_id,
                    so.date_order AS date_order,
                    CASE WHEN so.state = 'sale' THEN 'confirmed' ELSE 'quotation' END AS status,
                    1 AS order_count,
                    CASE WHEN so.state = 'sale' THEN 1 ELSE 0 END AS confirmed_count,
                    so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount,
                    CASE WHEN so.state = 'sale'
                         THEN so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) ELSE 0 END
                        AS confirmed_amount,
                    COALESCE(inv.invoiced, 0) AS invoiced_amount,
                    COALESCE(inv.refunded, 0) AS refunded_amount
            """
        )

    def _from(self):
        return SQL(
            """
                FROM sale_order so
                JOIN res_company c ON c.id = so.company_id
                LEFT JOIN res_partner p ON p.id = so.partner_id
                LEFT JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, so.partner_id)
                LEFT JOIN LATERAL (
                    -- income lines: credit (negative balance) on invoices, debit on credit notes
                    SELECT SUM(-aml.balance) AS invoiced,
                           SUM(aml.balance) FILTER (WHERE am.move_type = 'out_refund') AS refunded
                      FROM sale_order_line sol
                      JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                      JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                      JOIN account_move am ON am.id = aml.move_id
                     WHERE sol.order_id = so.id AND am.state = 'posted'
                       AND am.move_type IN ('out_invoice', 'out_refund')
                ) inv ON TRUE
            """
        )

    def _where(self):
        return SQL("WHERE so.state IN ('draft', 'sent', 'sale')")
