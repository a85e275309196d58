from odoo import fields, models
from odoo.tools import SQL

MASK = "******"


def hint_sql(column):
    """SQL of what a pool member sees of a contact detail: the value, or, when the pool hides
    contact details, its first three and last two characters (nothing of a short one)."""
    value = SQL("NULLIF(btrim(%s), '')", column)
    return SQL(
        """CASE WHEN NOT pool.mask_contact_details THEN %(value)s
                WHEN length(%(value)s) > 4 THEN left(%(value)s, 3) || %(mask)s || right(%(value)s, 2)
                ELSE CASE WHEN %(value)s IS NOT NULL THEN %(mask)s END END""",
        value=value,
        mask=MASK,
    )


class CrmSmbPoolEntry(models.AbstractModel):
    """What a pool member may see of a record waiting in a pool (core's hr.employee.public pattern).

    The waiting res.partner / crm.lead rows themselves are readable by the pool's administrators
    only (record rules on waiting_pool_id); members browse and claim through these read-only SQL
    views, which hold no more than they may see: hidden contact details are reduced to hints in
    SQL, so no read, search, group, export or report path of these models can give more.
    """

    _name = "crm.smb.pool.entry"
    _description = "Record Waiting in a Public Pool"
    _record_model = None  # "res.partner" or "crm.lead"

    name = fields.Char(readonly=True)
    pool_id = fields.Many2one("crm.smb.pool", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    contact_hidden = fields.Boolean(
        string="Contact Details Hidden", readonly=True, help="The pool shows contact details once claimed."
    )
    phone = fields.Char(readonly=True)
    mobile = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    city = fields.Char(readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    previous_user_id = fields.Many2one("res.users", string="Previous Owner", readonly=True)
    pool_entry_date = fields.Datetime(string="Entered Pool On", readonly=True)
    last_followup_date = fields.Datetime(string="Last Follow-up", readonly=True)

    def _records(self):
        """The waiting records behind these entries. Members may not read them: the pool actions
        check who acts, then work on them as superuser."""
        return self.env[self._record_model].browse(self.ids)

    def _record_form_action(self):
        self.ensure_one()
        return self._records().get_formview_action()

    def action_claim(self):
        records = self._records()
        records.action_claim()
        if len(self) == 1:
            # Now the member's own: said, then opened where they work with it.
            message = records._pool_claimed_message()
            next_action = self._record_form_action()
        else:
            message = self.env._("%(count)s records claimed.", count=len(self))
            next_action = {"type": "ir.actions.client", "tag": "soft_reload"}
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "next": next_action},
        }

    def action_open_record(self):
        """Pool administrators open the waiting record itself."""
        self.ensure_one()
        self._records().check_access("read")
        return self._record_form_action()
