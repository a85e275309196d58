from odoo import api, models
from odoo.exceptions import AccessError

# Models whose records a user may be unable to read while Odoo copies their contact details
# into the records that link to them (a lead's phone and email from its customer, a contact's
# address from its company) and names them with their email or address.
GUARDED_LINK_MODELS = ("res.partner", "crm.lead")


class Base(models.AbstractModel):
    _inherit = "base"

    def _check_links_readable(self, vals):
        """Nobody links a record to a customer or lead they may not read (waiting in a public pool,
        of another company, ...): the link would copy what they may not see. Links already there
        stay as they are."""
        if self.env.su:
            return
        for name, given in vals.items():
            field = self._fields.get(name)
            value = given.get("id") if isinstance(given, dict) else given  # as the web client may give it
            if (
                not value
                or not isinstance(value, int)
                or isinstance(value, bool)
                or field is None
                or field.type != "many2one"
                or field.comodel_name not in GUARDED_LINK_MODELS
            ):
                continue
            if self and all(record[name].id == value for record in self.sudo()):
                continue
            target = self.env[field.comodel_name].browse(value)
            # Users without any right on the model (a service agent and leads) are stopped only at
            # records waiting in a pool: the model's own code decides what the link shows them.
            if (
                target.sudo().exists()
                and not target._filtered_access("read")
                and (target.browse().has_access("read") or target.sudo().waiting_pool_id)
            ):
                raise AccessError(
                    self.env._(
                        "You cannot link this record to a customer, contact or lead you may not see "
                        "(it may be waiting in a public pool, or belong to another company)."
                    )
                )

    def _context_defaults(self):
        """Values the context gives by default (`default_partner_id`...): they link as well."""
        if self.env.su:
            return {}
        return {key[8:]: value for key, value in self.env.context.items() if key.startswith("default_")}

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self._context_defaults()
        for vals in vals_list:
            self._check_links_readable({**defaults, **vals})
        return super().create(vals_list)

    def write(self, vals):
        self._check_links_readable(vals)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        self._check_links_readable({**self._context_defaults(), **values})
        return super().onchange(values, field_names, fields_spec)
