from ast import literal_eval

from odoo import api, fields, models


class CrmSmbServiceTeam(models.Model):
    """A service team: its members, leader, working hours, email alias and assignment method."""

    _name = "crm.smb.service.team"
    _description = "Service Team"
    _inherit = ["mail.alias.mixin", "mail.thread", "rating.parent.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    leader_id = fields.Many2one(
        "res.users", string="Team Leader", domain="[('share', '=', False)]", tracking=True
    )
    member_ids = fields.Many2many("res.users", string="Members", domain="[('share', '=', False)]")
    assignment_method = fields.Selection(
        [("manual", "Manual"), ("round_robin", "Round Robin"), ("least_load", "Least Open Requests")],
        default="manual",
        required=True,
        help="How new requests get an assignee: by hand, in turn, or to the member with the fewest open "
        "requests. Members on leave are skipped.",
    )
    last_assigned_user_id = fields.Many2one("res.users", readonly=True, copy=False)
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        check_company=True,
        help="SLA deadlines count only these working hours and skip public holidays.",
    )
    color = fields.Integer()
    request_ids = fields.One2many("crm.smb.service.request", "team_id", string="Requests")
    open_request_count = fields.Integer(compute="_compute_open_request_count")

    def action_view_ratings(self):
        """Ratings of the team's requests, by assignee."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rating.rating_rating_action")
        action["domain"] = [("parent_res_model", "=", self._name), ("parent_res_id", "=", self.id)]
        action["context"] = {"group_by": "rated_partner_id", "search_default_rating_last_7_days": 0}
        return action

    def _compute_open_request_count(self):
        counts = dict(
            self.env["crm.smb.service.request"]._read_group(
                [("team_id", "in", self.ids), ("is_closed", "=", False)], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.open_request_count = counts.get(team, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("crm.smb.service.request").id
        if self.id:
            values["alias_defaults"] = defaults = literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            defaults["channel"] = "email"
        return values

    # -- assignment ----------------------------------------------------------------------
    def _available_members(self, when=None):
        """Members who are not on leave at `when` (their resource's leaves)."""
        self.ensure_one()
        when = when or fields.Datetime.now()
        on_leave = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id.user_id", "in", self.member_ids.ids),
                    ("date_from", "<=", when),
                    ("date_to", ">=", when),
                ]
            )
            .resource_id.user_id
        )
        return (self.member_ids - on_leave).sorted("id")

    def _pick_assignee(self):
        """The next assignee by the team's method, or an empty recordset."""
        self.ensure_one()
        members = self._available_members()
        if self.assignment_method == "manual" or not members:
            return self.env["res.users"]
        if self.assignment_method == "round_robin":
            after = members.filtered(lambda u: u.id > self.last_assigned_user_id.id)
            user = (after or members)[:1]
            self.sudo().last_assigned_user_id = user
            return user
        loads = dict(
            self.env["crm.smb.service.request"]
            .sudo()
            ._read_group(
                [("team_id", "=", self.id), ("is_closed", "=", False), ("user_id", "in", members.ids)],
                ["user_id"],
                ["__count"],
            )
        )
        return min(members, key=lambda u: (loads.get(u, 0), u.id))

    @api.model
    def _default_team(self):
        """The team of the user who registers a request, else the one set in the settings, else
        the first."""
        companies = [("company_id", "in", self.env.companies.ids)]
        own = self.search(
            [*companies, "|", ("member_ids", "in", self.env.uid), ("leader_id", "=", self.env.uid)], limit=1
        )
        return own or self._default_configured_team()

    @api.model
    def _default_configured_team(self):
        """The team set in the settings, else the first one."""
        param = self.env["ir.config_parameter"].sudo().get_param("crm_smb_service.default_team_id")
        team = self.browse(int(param or 0)).exists()
        return team or self.search([("company_id", "in", self.env.companies.ids)], limit=1)
