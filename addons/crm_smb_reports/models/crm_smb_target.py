from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmSmbTarget(models.Model):
    """A monthly sales and collection target (业绩目标) of a salesperson or of a sales team.

    Targets are set by sales managers; the figures reached are in the target analysis
    (`crm.smb.target.report`), which ranks the salespeople and teams of a month.
    """

    _name = "crm.smb.target"
    _description = "Sales Target"
    _order = "date_start desc, target_type, team_id, user_id"
    _check_company_auto = True

    target_type = fields.Selection(
        [("user", "Salesperson"), ("team", "Sales Team")], string="Target Of", required=True, default="user"
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", index=True, check_company=True, domain="[('share', '=', False)]"
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index=True,
        check_company=True,
        compute="_compute_team_id",
        store=True,
        readonly=False,
        help="For a salesperson's target, their team: its leader sees the target.",
    )
    date_start = fields.Date(
        string="Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="The target's month (its first day).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    sales_target = fields.Monetary(help="Confirmed orders, untaxed, in the month.")
    collection_target = fields.Monetary(help="Money collected in the month.")

    _sql_constraints = [
        (
            "unique_target",
            "UNIQUE(target_type, user_id, team_id, date_start, company_id)",
            "There is already a target for this salesperson or team and month.",
        ),
        (
            "positive_targets",
            "CHECK(sales_target >= 0 AND collection_target >= 0)",
            "Targets cannot be negative.",
        ),
    ]

    @api.depends("user_id", "target_type")
    def _compute_team_id(self):
        for target in self:
            if target.target_type == "user" and target.user_id:
                target.team_id = target.user_id.sudo().sale_team_id or target.team_id

    @api.depends("target_type", "user_id", "team_id", "date_start")
    def _compute_display_name(self):
        for target in self:
            who = target.user_id.name if target.target_type == "user" else target.team_id.name
            month = target.date_start and target.date_start.strftime("%Y-%m")
            target.display_name = f"{who or ''} {month or ''}".strip()

    @api.constrains("target_type", "user_id", "team_id", "date_start")
    def _check_target(self):
        for target in self:
            if target.target_type == "user" and not target.user_id:
                raise ValidationError(_("A salesperson's target names the salesperson."))
            if target.target_type == "team" and not target.team_id:
                raise ValidationError(_("A team's target names the team."))
            if target.date_start and target.date_start.day != 1:
                raise ValidationError(
                    _("A target is set for a month: its date is the first day of the month.")
                )

    @api.onchange("date_start")
    def _onchange_date_start(self):
        if self.date_start:
            self.date_start = self.date_start.replace(day=1)

    def _date_end(self):
        self.ensure_one()
        return self.date_start + relativedelta(months=1)
