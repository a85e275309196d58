from odoo import fields, models
from odoo.tools import SQL

CUSTOMER_DOCUMENTS = SQL("('out_invoice', 'out_refund')")


class CrmSmbCollectionPeriodReport(models.Model):
    """Collection by period (回款率): what was invoiced and what was collected, each on its own date.

    Read as a manager reads it, in company currency:
    - *Invoiced*: posted customer invoices, on their invoice date;
    - *Credited*: posted credit notes (returns, discounts, 红冲), on their date, as a positive
      amount; *Net Invoiced* = Invoiced - Credited;
    - *Collected*: money received on invoices (payments, advance payments once applied), on the
      payment's date, less money paid back on credit notes (refunds). A credit note settling an
      invoice is not money: it lowers Net Invoiced, not Collected;
    - *Collection Rate*: Collected / Net Invoiced of the same group, in percent; none when
      nothing (net) was invoiced (shown as 0), rather than a meaningless ratio.
    """

    _name = "crm.smb.collection.period.report"
    _description = "Collection by Period"
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
            "amount_total_signed",
            "state",
        ],
        "account.move.line": ["move_id", "display_type"],
        "account.partial.reconcile": ["debit_move_id", "credit_move_id", "amount", "max_date"],
        "res.partner": ["commercial_partner_id"],
    }
    _xlsx_fields = (
        "date",
        "kind",
        "move_id",
        "partner_id",
        "user_id",
        "amount_invoiced",
        "amount_credited",
        "amount_net",
        "amount_collected",
    )
    _order = "date desc, id desc"
    _ratio_fields = {"collection_rate": ("amount_collected", "amount_net")}

    date = fields.Date(readonly=True)
    kind = fields.Selection(
        [("invoiced", "Invoiced"), ("collected", "Collected")], string="Movement", readonly=True
    )
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    amount_invoiced = fields.Monetary(string="Invoiced", readonly=True, aggregator="sum")
    amount_credited = fields.Monetary(
        string="Credited", readonly=True, aggregator="sum", help="Credit notes (returns, discounts)."
    )
    amount_net = fields.Monetary(
        string="Net Invoiced", readonly=True, aggregator="sum", help="Invoiced less credited."
    )
    amount_collected = fields.Monetary(
        string="Collected",
        readonly=True,
        aggregator="sum",
        help="Money received on invoices less money paid back on credit notes.",
    )
    collection_rate = fields.Float(
        string="Collection Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Collected divided by net invoiced, in percent (0 when nothing was invoiced net).",
    )

    @property
    def _table_query(self):
        # ids: 3n for a document, 3n+1 / 3n+2 for the debit / credit side of reconciliation n
        return SQL(
            """
                WITH doc AS (
                    SELECT m.id, m.move_type, m.invoice_date, m.amount_total_signed,
                           COALESCE(p.commercial_partner_id, m.partner_id) AS partner_id,
                           m.invoice_user_id AS user_id, m.team_id, m.company_id,
                           c.currency_id
                      FROM account_move m
                      JOIN res_company c ON c.id = m.company_id
                 LEFT JOIN res_partner p ON p.id = m.partner_id
                     WHERE m.state = 'posted' AND m.move_type IN %(documents)s
                ), doc_line AS (
                    SELECT aml.id, aml.move_id
                      FROM account_move_line aml
                      JOIN doc ON doc.id = aml.move_id
                     WHERE aml.display_type = 'payment_term'
                ), side AS (
                    -- money on a document: the other side of the reconciliation is not a
                    -- customer document (a payment, a bank or cash line), a credit note
                    -- settling an invoice is not money
                    SELECT apr.id * 3 + 1 AS id, own.move_id, apr.amount AS amount, apr.max_date AS date
                      FROM account_partial_reconcile apr
                      JOIN doc_line own ON own.id = apr.debit_move_id
                     WHERE NOT EXISTS (SELECT 1 FROM doc_line o WHERE o.id = apr.credit_move_id)
                    UNION ALL
                    SELECT apr.id * 3 + 2, own.move_id, -apr.amount, apr.max_date
                      FROM account_partial_reconcile apr
                      JOIN doc_line own ON own.id = apr.credit_move_id
                     WHERE NOT EXISTS (SELECT 1 FROM doc_line o WHERE o.id = apr.debit_move_id)
                )
                SELECT doc.id * 3 AS id, doc.invoice_date AS date, 'invoiced' AS kind,
                       doc.id AS move_id, doc.partner_id, doc.user_id, doc.team_id,
                       doc.company_id, doc.currency_id,
                       GREATEST(doc.amount_total_signed, 0) AS amount_invoiced,
                       GREATEST(-doc.amount_total_signed, 0) AS amount_credited,
                       doc.amount_total_signed AS amount_net,
                       0.0 AS amount_collected, 0.0 AS collection_rate
                  FROM doc
                UNION ALL
                SELECT side.id, side.date, 'collected', doc.id, doc.partner_id, doc.user_id,
                       doc.team_id, doc.company_id, doc.currency_id,
                       0.0, 0.0, 0.0, side.amount, 0.0
                  FROM side
                  JOIN doc ON doc.id = side.move_id
            """,
            documents=CUSTOMER_DOCUMENTS,
        )
