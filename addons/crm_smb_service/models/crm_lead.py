from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    service_request_ids = fields.One2many("crm.smb.service.request", "lead_id", string="Service Requests")
    service_request_count = fields.Integer(compute="_compute_service_request_count")

    def _compute_service_request_count(self):
        counts = dict(
            self.env["crm.smb.service.request"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.service_request_count = counts.get(lead, 0)

    def action_view_service_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_smb_service.crm_smb_service_request_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_name": self.name,
        }
        return action
