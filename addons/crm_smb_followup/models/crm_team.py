from odoo import api, fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_smb_lead_pool_id = fields.Many2one(
        "crm.smb.pool",
        string="New Leads Wait In",
        domain="[('pool_type', '=', 'lead'), ('company_id', 'in', [company_id, False])]",
        help="Leads of this team created without a salesperson (website form, email alias, import, "
        "events) wait in this lead pool until a member claims them or an administrator assigns "
        "them. Empty: they stay unassigned, for Odoo's rule-based assignment.",
    )

    def _get_lead_to_assign_domain(self):
        # Odoo's rule-based assignment hands out unassigned leads: not those waiting in a public
        # pool, which are claimed or assigned from the pool, within its limits and with its history.
        return [*super()._get_lead_to_assign_domain(), ("pool_state", "!=", "pool")]

    # The record rules of the team documents level read the teams' people (res.users
    # crm_smb_team_ids): a new leader, a team archived or removed changes who sees what at once.
    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        self.env["res.users"]._crm_smb_team_access_changed()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "active", "member_ids", "crm_team_member_ids", "company_id"} & set(vals):
            self.env["res.users"]._crm_smb_team_access_changed()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["res.users"]._crm_smb_team_access_changed()
        return res


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env["res.users"]._crm_smb_team_access_changed()
        return members

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "crm_team_id", "active"} & set(vals):
            self.env["res.users"]._crm_smb_team_access_changed()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["res.users"]._crm_smb_team_access_changed()
        return res
