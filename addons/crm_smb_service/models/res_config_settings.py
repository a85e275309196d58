from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_smb_service_default_team_id = fields.Many2one(
        "crm.smb.service.team",
        string="Default Service Team",
        config_parameter="crm_smb_service.default_team_id",
        # What is used while nothing is set: shown as such, not as an empty field.
        default=lambda self: self.env["crm.smb.service.team"]._default_configured_team(),
        help="Team of new requests created without one (by someone in no service team).",
    )
    crm_smb_service_at_risk_share = fields.Float(
        string="At Risk Below",
        default=0.25,
        config_parameter="crm_smb_service.at_risk_share",
        help="A request is at risk when less than this share of its SLA target is left (0.25 = 25%).",
    )
