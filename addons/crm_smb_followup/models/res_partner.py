from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    followup_stage_id = fields.Many2one(
        "crm.smb.followup.stage",
        string="Follow-up Stage",
        index=True,
        tracking=True,
        ondelete="restrict",
        group_expand="_read_group_followup_stage_ids",
    )

    @api.model
    def _read_group_followup_stage_ids(self, stages, domain):
        # Show every stage as a kanban column, even the empty ones.
        return stages.search([])
