from odoo import fields, models
from odoo.tools import SQL


class CrmSmbToday(models.Model):
    """Today's work also lists the service requests to resolve today or already late."""

    _inherit = "crm.smb.today"
    _depends = {"crm.smb.service.request": ["user_id", "resolution_deadline", "is_closed", "partner_id"]}

    kind = fields.Selection(selection_add=[("service", "Requests Due")])

    def _today_parts(self):
        tomorrow = SQL("%s::date + 1", self._today())
        return [
            *super()._today_parts(),
            SQL(
                """SELECT r.id * 10 + 5 AS id, 'service' AS kind, 40 AS sequence,
                          r.resolution_deadline::date AS date, r.user_id, r.company_id,
                          r.partner_id, NULL::int AS lead_id, r.number || ' ' || r.name AS name,
                          COALESCE(NULLIF(p.mobile, ''), p.phone) AS phone,
                          'crm.smb.service.request' AS res_model, r.id AS res_id
                     FROM crm_smb_service_request r
                LEFT JOIN res_partner p ON p.id = COALESCE(r.contact_id, r.partner_id)
                    WHERE r.user_id IS NOT NULL AND NOT r.is_closed
                      AND r.resolution_deadline < %s""",
                tomorrow,
            ),
        ]
