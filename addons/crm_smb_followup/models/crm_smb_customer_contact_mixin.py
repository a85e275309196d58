from odoo import api, fields, models


class CrmSmbCustomerContactMixin(models.AbstractModel):
    """A document about a customer (a company or an individual) and the person of that customer
    one dealt with. Given a person of a company as its customer, the document keeps the company
    as customer and the person as contact (follow-ups, service requests)."""

    _name = "crm.smb.customer.contact.mixin"
    _description = "Customer and Contact Person"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        check_company=True,
        help="The customer (company or individual).",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        check_company=True,
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )

    @api.model
    def _split_customer_vals(self, vals):
        """In `vals`, a person of a company given as customer becomes the contact of that company."""
        if not vals.get("partner_id"):
            return
        partner = self.env["res.partner"].browse(vals["partner_id"])
        commercial = partner.commercial_partner_id
        if commercial != partner:
            vals["partner_id"] = commercial.id
            vals.setdefault("contact_id", partner.id)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._split_customer_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._split_customer_vals(vals)
        return super().write(vals)
