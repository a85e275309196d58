from odoo import fields, models
from odoo.tools import SQL

CUSTOMER_DOCUMENTS = SQL("('out_invoice', 'out_refund')")


class CrmSmbCollectionPeriodReport(models.Model):
    """Collection by period (回款率): what was invoiced and what was collected, each on its own date.

    Invoiced rows are posted customer invoices and credit notes on their invoice date; collected
    rows are the reconciliations of their receivable lines on the payment's date (the later of the
    two reconciled lines), in company currency. A credit note settling an invoice collects on the
    invoice and un-collects on the credit note, so it nets to nothing. The collection rate of a
    group is its collected amount over its invoiced amount, computed from the sums.
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
        "amount_collected",
    )
    _order = "date desc, id desc"

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
    amount_invoiced = fields.Monetary(readonly=True, aggregator="sum")
    amount_collected = fields.Monetary(readonly=True, aggregator="sum")
    collection_rate = fields.Float(
        string="Collection Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Collected in the period divided by invoiced in the period, in percent.",
    )

    def _read_group_select(self, aggregate_spec, query):
        """The rate of a group is the ratio of its sums, not an average of its rows."""
        if aggregate_spec != "collection_rate:avg":
            return super()._read_group_select(aggregate_spec, query)
        return SQL(
            "100.0 * SUM(%(collected)s) / NULLIF(SUM(%(invoiced)s), 0)",
            collected=self._field_to_sql(self._table, "amount_collected", query),
            invoiced=self._field_to_sql(self._table, "amount_invoiced", query),
        )

    @property
    def _table_query(self):
        # ids: 3n for an invoice, 3n+1 / 3n+2 for the debit / credit side of reconciliation n
        return SQL(
            """
                WITH doc AS (
                    SELECT m.id, m.invoice_date, m.amount_total_signed,
                           COALESCE(p.commercial_partner_id, m.partner_id) AS partner_id,
                           m.invoice_user_id AS user_id, m.team_id, m.company_id,
                           c.currency_id
                      FROM account_move m
                      JOIN res_company c ON c.id = m.company_id
                 LEFT JOIN res_partner p ON p.id = m.partner_id
                     WHERE m.state = 'posted' AND m.move_type IN %(documents)s
                ), side AS (
                    SELECT apr.id * 3 + 1 AS id, apr.debit_move_id AS line_id,
                           apr.amount AS amount, apr.max_date AS date
                      FROM account_partial_reconcile apr
                    UNION ALL
                    SELECT apr.id * 3 + 2, apr.credit_move_id, -apr.amount, apr.max_date
                      FROM account_partial_reconcile apr
                )
                SELECT doc.id * 3 AS id, doc.invoice_date AS date, 'invoiced' AS kind,
                       doc.id AS move_id, doc.partner_id, doc.user_id, doc.team_id,
                       doc.company_id, doc.currency_id,
                       doc.amount_total_signed AS amount_invoiced,
                       0.0 AS amount_collected, 0.0 AS collection_rate
                  FROM doc
                UNION ALL
                SELECT side.id, side.date, 'collected', doc.id, doc.partner_id, doc.user_id,
                       doc.team_id, doc.company_id, doc.currency_id,
                       0.0, side.amount, 0.0
                  FROM side
                  JOIN account_move_line aml ON aml.id = side.line_id
                                            AND aml.display_type = 'payment_term'
                  JOIN doc ON doc.id = aml.move_id
            """,
            documents=CUSTOMER_DOCUMENTS,
        )
