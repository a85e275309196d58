from odoo import models

from odoo.addons.crm_smb_followup.models.res_partner import TIMELINE_LIMIT


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _timeline_events(self):
        # Quotations and orders of the customer, read with the user's own rights.
        events = super()._timeline_events()
        customer = self.commercial_partner_id
        for order in self.env["sale.order"].search(
            [("partner_id", "child_of", customer.id)], order="date_order desc", limit=TIMELINE_LIMIT
        ):
            events.append(
                {
                    "date": order.date_order,
                    "icon": "fa-file-text-o",
                    "kind": self.env._("Order") if order.state == "sale" else self.env._("Quotation"),
                    "title": order.name,
                    "detail": order.amount_total
                    and f"{order.currency_id.symbol or ''}{order.amount_total:,.2f}",
                    "user": order.user_id.name or "",
                    "url": f"/odoo/sale.order/{order.id}",
                }
            )
        return events
