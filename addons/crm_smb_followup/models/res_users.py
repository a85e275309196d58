from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_smb_start_page = fields.Selection(
        [("pipeline", "Pipeline"), ("today", "Today's Work")],
        string="CRM Start Page",
        default="pipeline",
        required=True,
        help="What the CRM app opens on for this user (a salesperson's day, or Odoo's pipeline).",
    )
    # "My team" of the team documents level (sales_team_security): the sales teams the user leads
    # (crm.team.user_id) or belongs to, and their people. The record rules of that level read the
    # ids; crm.team and crm.team.member clear the rules' cache when they change.
    crm_smb_team_ids = fields.Many2many(
        "crm.team",
        string="Teams Led or Joined",
        compute="_compute_crm_smb_team_ids",
        compute_sudo=True,
    )
    crm_smb_team_user_ids = fields.Many2many(
        "res.users",
        string="Team People",
        compute="_compute_crm_smb_team_ids",
        compute_sudo=True,
        help="The user, and the leaders and members of the teams they lead or belong to.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "crm_smb_start_page"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "crm_smb_start_page"]

    def _crm_smb_owners(self):
        """The salespeople whose records this user works on below "all documents": themselves,
        and for team documents users their teams' people."""
        self.ensure_one()
        if self.has_group("sales_team_security.group_sale_team_manager"):
            return self.crm_smb_team_user_ids
        return self

    def _crm_smb_sees_work_of(self, users):
        """Whether this user reads the work (figures, period reports) of `users`: "all documents"
        users everybody's, team documents users their teams' people's, salespeople their own."""
        self.ensure_one()
        return (
            self.has_group("sales_team.group_sale_salesman_all_leads") or not users - self._crm_smb_owners()
        )

    def _crm_smb_team_access_changed(self):
        """A team's leader or members changed: the record rules' cache and the users' teams."""
        self.env.registry.clear_cache()
        self.invalidate_model(["crm_smb_team_ids", "crm_smb_team_user_ids"])

    def _compute_crm_smb_team_ids(self):
        # active teams and memberships only, whatever the caller's context says (the record
        # rules read these and are cached)
        Team = self.env["crm.team"].with_context(active_test=True)
        Member = self.env["crm.team.member"].with_context(active_test=True)
        led = Team.search([("user_id", "in", self.ids)])
        joined = Member.search([("user_id", "in", self.ids), ("crm_team_id.active", "=", True)])
        members = Member.search([("crm_team_id", "in", (led | joined.crm_team_id).ids)])
        for user in self:
            teams = (
                led.filtered(lambda team, user=user: team.user_id == user)
                | joined.filtered(lambda member, user=user: member.user_id == user).crm_team_id
            )
            people = members.filtered(lambda member, teams=teams: member.crm_team_id in teams).user_id
            user.crm_smb_team_ids = teams
            user.crm_smb_team_user_ids = user | teams.user_id | people
