from odoo import fields, models
from odoo.tools import SQL


class CrmSmbToday(models.Model):
    """Today's work also lists the customer invoices due (or overdue) to collect."""

    _inherit = "crm.smb.today"
    _depends = {
        "account.move": [
            "invoice_user_id",
            "invoice_date_due",
            "amount_residual_signed",
            "state",
            "move_type",
        ]
    }

    kind = fields.Selection(selection_add=[("payment", "Payments Due")])

    def _today_parts(self):
        return [
            *super()._today_parts(),
            SQL(
                """SELECT m.id * 10 + 6 AS id, 'payment' AS kind, 50 AS sequence,
                          m.invoice_date_due AS date, m.invoice_user_id AS user_id, m.company_id,
                          COALESCE(p.commercial_partner_id, m.partner_id) AS partner_id,
                          NULL::int AS lead_id, m.name || ' ' || COALESCE(p.name, '') AS name,
                          COALESCE(NULLIF(p.mobile, ''), p.phone) AS phone,
                          'account.move' AS res_model, m.id AS res_id
                     FROM account_move m
                LEFT JOIN res_partner p ON p.id = m.partner_id
                    WHERE m.state = 'posted' AND m.move_type = 'out_invoice'
                      AND m.invoice_user_id IS NOT NULL AND m.amount_residual_signed > 0
                      AND m.invoice_date_due <= %s""",
                self._today(),
            ),
        ]
