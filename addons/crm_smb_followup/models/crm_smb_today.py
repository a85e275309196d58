from odoo import api, fields, models
from odoo.tools import SQL


class CrmSmbToday(models.Model):
    """Today's work (今日工作台): one row per thing a salesperson has to do today, read from
    the records themselves (no copy to keep in step): customers and leads to contact today or
    overdue, and those about to go back to their pool. Other modules add their own rows
    (`_today_parts`)."""

    _name = "crm.smb.today"
    _description = "Today's Work"
    _auto = False
    _order = "sequence, date, id"
    _depends = {
        "res.partner": ["next_contact_date", "user_id", "pool_state", "recycle_deadline", "phone", "mobile"],
        "crm.lead": ["next_contact_date", "user_id", "pool_state", "recycle_deadline", "phone", "mobile"],
    }

    kind = fields.Selection(
        [
            ("overdue", "Overdue"),
            ("today", "To Contact Today"),
            ("recycle", "Back to the Pool Soon"),
        ],
        readonly=True,
    )
    sequence = fields.Integer(readonly=True)
    name = fields.Char(readonly=True)
    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    phone = fields.Char(readonly=True)
    # What the row is about, opened by "Details" (a customer, a lead, or what another module adds).
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True)

    @property
    def _table_query(self):
        return SQL(" UNION ALL ").join(self._today_parts())

    def _today(self):
        return fields.Date.context_today(self)

    def _today_parts(self):
        """One SELECT per kind of row, with the columns of this model in this order: id, kind,
        sequence, date, user_id, company_id, partner_id, lead_id, name, phone, res_model, res_id.
        Ids are the record's id times 10 plus a digit of its own per part (1-4 here)."""
        today, now = self._today(), fields.Datetime.now()
        parts = []
        for digit, table, company, name in (
            (1, "res_partner", "r.company_id", "r.name"),
            (2, "crm_lead", "r.company_id", "COALESCE(NULLIF(r.partner_name, ''), r.name)"),
        ):
            partner = "r.id" if table == "res_partner" else "r.partner_id"
            lead = "NULL::int" if table == "res_partner" else "r.id"
            owned = "r.active AND r.user_id IS NOT NULL AND r.pool_state = 'owned'"
            if table == "res_partner":
                owned += " AND r.parent_id IS NULL"
            columns = SQL(
                "r.user_id AS user_id, %s AS company_id, %s AS partner_id, %s AS lead_id, %s AS name, "
                "COALESCE(NULLIF(r.mobile, ''), r.phone) AS phone, %s AS res_model, r.id AS res_id",
                SQL(company),
                SQL(partner),
                SQL(lead),
                SQL(name),
                "res.partner" if table == "res_partner" else "crm.lead",
            )
            parts.append(
                SQL(
                    """SELECT r.id * 10 + %(digit)s AS id,
                              CASE WHEN r.next_contact_date < %(today)s THEN 'overdue' ELSE 'today' END
                                  AS kind,
                              CASE WHEN r.next_contact_date < %(today)s THEN 10 ELSE 20 END AS sequence,
                              r.next_contact_date AS date, %(columns)s
                         FROM %(table)s r
                        WHERE %(owned)s AND r.next_contact_date <= %(today)s""",
                    digit=digit,
                    today=today,
                    columns=columns,
                    table=SQL.identifier(table),
                    owned=SQL(owned),
                )
            )
            parts.append(
                SQL(
                    """SELECT r.id * 10 + %(digit)s AS id, 'recycle' AS kind, 30 AS sequence,
                              r.recycle_deadline::date AS date, %(columns)s
                         FROM %(table)s r
                        WHERE %(owned)s AND r.recycle_warning_date <= %(now)s
                          AND r.recycle_deadline > %(now)s""",
                    digit=digit + 2,
                    now=now,
                    columns=columns,
                    table=SQL.identifier(table),
                    owned=SQL(owned),
                )
            )
        return parts

    def _record(self):
        self.ensure_one()
        return self.lead_id or self.partner_id

    def action_log_followup(self):
        return self._record().action_log_followup()

    def action_open(self):
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id).get_formview_action()

    @api.model
    def _action_open_crm(self):
        """The CRM app opens on today's work for the users who chose it as their start page (the
        demo salespeople do; a user picks it in their preferences), else on Odoo's pipeline."""
        if self.env.user.crm_smb_start_page == "today":
            return self.env["ir.actions.act_window"]._for_xml_id("crm_smb_followup.crm_smb_today_action")
        return self.env["crm.team"].action_your_pipeline()
