from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_request_ids = fields.One2many("crm.smb.service.request", "partner_id", string="Service Requests")
    service_request_count = fields.Integer(compute="_compute_service_request_count")

    def _compute_service_request_count(self):
        counts = dict(
            self.env["crm.smb.service.request"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.service_request_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_service_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_smb_service.crm_smb_service_request_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _timeline_events(self):
        events = super()._timeline_events()
        customer = self.commercial_partner_id
        for request in self.env["crm.smb.service.request"].search(
            [("partner_id", "=", customer.id)], order="date_received desc", limit=30
        ):
            events.append(
                {
                    "date": request.date_received,
                    "icon": "fa-exclamation-triangle" if request.is_complaint else "fa-life-ring",
                    "kind": request.type_id.name or self.env._("Service"),
                    "title": request.display_name,
                    "detail": request.stage_id.name or "",
                    "user": request.user_id.name or "",
                    "url": f"/odoo/crm.smb.service.request/{request.id}",
                }
            )
        return events
