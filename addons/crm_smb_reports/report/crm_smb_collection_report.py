from odoo import fields, models
from odoo.tools import SQL

AGING = [
    ("not_due", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("over_90", "Over 90 Days"),
    ("credit", "Credit to Apply"),
    ("paid", "Paid"),
]


class CrmSmbCollectionReport(models.Model):
    """Payment collection (回款): posted customer invoices and credit notes, in company currency.

    One row per document: invoiced (signed: credit notes count negative), collected and
    outstanding amounts, and the aging bucket of what is still open today. Aging buckets hold
    what customers owe on invoices; a credit note not yet applied (a credit the customer has
    with us) is in its own bucket, *Credit to Apply*, never in a date bucket as a negative
    amount, and is never overdue.
    """

    _name = "crm.smb.collection.report"
    _description = "Payment Collection Analysis"
    _inherit = ["crm.smb.report"]
    _auto = False
    _depends = {
        "account.move": [
            "move_type",
            "partner_id",
            "invoice_user_id",
            "team_id",
            "company_id",
            "invoice_date",
            "invoice_date_due",
            "amount_total_signed",
            "amount_residual_signed",
            "state",
        ],
        "res.partner": ["commercial_partner_id"],
    }
    _xlsx_fields = (
        "move_id",
        "partner_id",
        "user_id",
        "invoice_date",
        "invoice_date_due",
        "amount_invoiced",
        "amount_collected",
        "amount_outstanding",
        "amount_overdue",
        "days_overdue",
        "aging_bucket",
    )
    _order = "invoice_date desc, id desc"

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], string="Type", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    invoice_date = fields.Date(readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    amount_invoiced = fields.Monetary(readonly=True, aggregator="sum")
    amount_collected = fields.Monetary(readonly=True, aggregator="sum")
    amount_outstanding = fields.Monetary(readonly=True, aggregator="sum")
    amount_overdue = fields.Monetary(
        readonly=True, aggregator="sum", help="Outstanding and past its due date."
    )
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    aging_bucket = fields.Selection(AGING, string="Aging", readonly=True)

    def _select(self):
        return SQL(
            """
                SELECT
                    m.id AS id,
                    m.id AS move_id,
                    m.move_type AS move_type,
                    COALESCE(p.commercial_partner_id, m.partner_id) AS partner_id,
                    m.invoice_user_id AS user_id,
                    m.team_id AS team_id,
                    m.company_id AS company_id,
                    c.currency_id AS currency_id,
                    m.invoice_date AS invoice_date,
                    m.invoice_date_due AS invoice_date_due,
                    m.amount_total_signed AS amount_invoiced,
                    m.amount_total_signed - m.amount_residual_signed AS amount_collected,
                    m.amount_residual_signed AS amount_outstanding,
                    CASE WHEN m.amount_residual_signed > 0 AND m.invoice_date_due < CURRENT_DATE
                         THEN m.amount_residual_signed ELSE 0 END AS amount_overdue,
                    CASE WHEN m.amount_residual_signed > 0 AND m.invoice_date_due < CURRENT_DATE
                         THEN CURRENT_DATE - m.invoice_date_due ELSE 0 END AS days_overdue,
                    CASE
                        WHEN m.amount_residual_signed = 0 THEN 'paid'
                        WHEN m.amount_residual_signed < 0 THEN 'credit'
                        WHEN m.invoice_date_due IS NULL OR m.invoice_date_due >= CURRENT_DATE
                            THEN 'not_due'
                        WHEN CURRENT_DATE - m.invoice_date_due <= 30 THEN '1_30'
                        WHEN CURRENT_DATE - m.invoice_date_due <= 60 THEN '31_60'
                        WHEN CURRENT_DATE - m.invoice_date_due <= 90 THEN '61_90'
                        ELSE 'over_90'
                    END AS aging_bucket
            """
        )

    def _from(self):
        return SQL(
            """
                FROM account_move m
                JOIN res_company c ON c.id = m.company_id
                LEFT JOIN res_partner p ON p.id = m.partner_id
            """
        )

    def _where(self):
        return SQL("WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')")
