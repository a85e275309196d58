from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import create_columns


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.smb.duplicate.mixin", "crm.smb.pool.mixin", "crm.smb.collaborator.mixin"]
    _pool_type = "lead"
    _dup_key_owner = "lead_id"
    _dup_key_fields = {
        "phone_key": "phone",
        "mobile_key": "mobile",
        "email_key": "email_from",
        "name_key": "partner_name",
    }
    _dup_trigger_fields = ("phone", "mobile", "email_from", "partner_name")

    followup_ids = fields.One2many("crm.smb.followup", "lead_id", string="Follow-ups")
    crm_smb_collaborator_ids = fields.One2many("crm.smb.collaborator", "lead_id", string="Collaborators")
    crm_smb_can_share = fields.Boolean(string="Can Share", compute="_compute_crm_smb_can_share")
    last_followup_date = fields.Datetime(
        string="Last Follow-up", compute="_compute_followup_dates", store=True, index=True
    )
    next_contact_date = fields.Date(compute="_compute_followup_dates", store=True, index=True)
    followup_count = fields.Integer(compute="_compute_followup_count", string="Follow-up Count")

    # Only read when a lead is created (an import's column "Intake Pool"): never stored.
    crm_smb_intake_pool_id = fields.Many2one(
        "crm.smb.pool",
        string="Intake Pool",
        compute="_compute_crm_smb_intake_pool_id",
        readonly=False,
        domain="[('pool_type', '=', 'lead')]",
        help="On import: the lead pool a lead without salesperson waits in (its team's otherwise).",
    )

    def _compute_crm_smb_intake_pool_id(self):
        self.crm_smb_intake_pool_id = False

    @api.model_create_multi
    def create(self, vals_list):
        # new dicts: an import retries a failed batch row by row with the same values
        named = [vals.get("crm_smb_intake_pool_id") for vals in vals_list]
        vals_list = [
            # a lead imported into a pool is not the importer's by default: the pool's
            {"user_id": False, **vals} if pool_id else dict(vals)
            for vals, pool_id in zip(vals_list, named, strict=True)
        ]
        for vals in vals_list:
            vals.pop("crm_smb_intake_pool_id", None)
        leads = super().create(vals_list)
        for lead, pool_id in zip(leads, named, strict=True):
            lead._pool_intake(self.env["crm.smb.pool"].browse(pool_id) if pool_id else None)
        return leads

    def _pool_intake(self, pool=None):
        """A new lead without salesperson waits in `pool` (named on import, by a member or an
        administrator of it), or in the lead pool of its team when the team has one."""
        self.ensure_one()
        lead = self.sudo()
        if lead.user_id or lead.pool_state != "owned":
            return
        if pool:
            pool = pool.sudo()
            user = self.env.user
            if (
                pool.pool_type != "lead"
                or (pool.company_id and pool.company_id != (lead.company_id or self.env.company))
                or not (self.env.su or user in pool.member_ids or pool._is_admin(user))
            ):
                raise UserError(
                    self.env._(
                        "Leads are imported into a lead pool of their company that you are a member "
                        "or an administrator of; %(pool)s is not.",
                        pool=pool.display_name,
                    )
                )
        else:
            pool = lead.team_id.crm_smb_lead_pool_id
            if not pool or (pool.company_id and pool.company_id != (lead.company_id or self.env.company)):
                return
        self.env["crm.smb.pool.history"]._log(lead, "intake", pool)
        lead.with_context(tracking_disable=True, mail_notrack=True).write(
            {"pool_id": pool.id, "pool_state": "pool", "pool_entry_date": fields.Datetime.now()}
        )

    def _auto_init(self):
        # No follow-up (or birthday) exists before the module: nothing to compute on existing rows.
        create_columns(self, ["last_followup_date", "next_contact_date"])
        return super()._auto_init()

    @api.depends("followup_ids.date", "followup_ids.next_contact_date")
    def _compute_followup_dates(self):
        for lead in self:
            latest = lead.followup_ids.sorted(lambda f: (f.date, f.id), reverse=True)[:1]
            lead.last_followup_date = latest.date
            lead.next_contact_date = latest.next_contact_date

    def _compute_followup_count(self):
        counts = dict(
            self.env["crm.smb.followup"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.followup_count = counts.get(lead, 0)

    @api.onchange("phone", "mobile", "email_from", "partner_name")
    def _onchange_duplicate_check(self):
        return self._duplicate_onchange_warning()

    @api.depends("stage_id.is_won", "probability")
    def _compute_recycle_deadline(self):
        return super()._compute_recycle_deadline()

    def _pool_is_won(self):
        return self.stage_id.is_won or self.probability >= 100

    @api.depends("pool_state", "pool_id", "user_id", "partner_id.waiting_pool_id")
    def _compute_waiting_pool_id(self):
        # A lead waits in its pool; an unowned lead of a waiting customer waits with it.
        for lead in self:
            if lead.pool_state == "pool":
                lead.waiting_pool_id = lead.pool_id
            else:
                lead.waiting_pool_id = not lead.user_id and lead.partner_id.waiting_pool_id

    def _pool_recycle_sql_sets(self):
        # Odoo's crm.lead.write clears the assignment date with the salesperson; the lead now
        # waits in its pool; without a salesperson, Odoo's `_compute_company_id` gives the
        # team's company, else the customer's (none without either).
        return {
            **super()._pool_recycle_sql_sets(),
            "date_open": SQL("NULL"),
            "waiting_pool_id": SQL("t.pool_id"),
            "company_id": SQL(
                "COALESCE((SELECT company_id FROM crm_team WHERE id = t.team_id),"
                " (SELECT company_id FROM res_partner WHERE id = t.partner_id))"
            ),
        }

    def _merge_opportunity(self, user_id=False, team_id=False, auto_unlink=True, max_length=5):
        self._pool_check_not_waiting()
        return super()._merge_opportunity(
            user_id=user_id, team_id=team_id, auto_unlink=auto_unlink, max_length=max_length
        )

    def _dup_company_name(self):
        return self.partner_name

    def _dup_company_name_column(self):
        return SQL("partner_name")

    def _dup_exclusion_domain(self, model):
        family = self.partner_id.commercial_partner_id
        if model == "res.partner":
            return [("commercial_partner_id", "!=", family.id)] if family else []
        domain = [("id", "!=", self._origin.id)] if self._origin.id else []
        if family:  # other opportunities of the same customer are repeat business
            domain += ["|", ("partner_id", "=", False), ("partner_id.commercial_partner_id", "!=", family.id)]
        return domain

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_smb_followup.crm_smb_followup_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        return action

    def _pool_take(self, pool, user, action, reason=""):
        res = super()._pool_take(pool, user, action, reason=reason)
        # Without Odoo's Leads feature the new owner works in the pipeline, which lists
        # opportunities only: a lead taken from a pool becomes one, or it would vanish.
        if not user.has_group("crm.group_use_lead"):
            for lead in self.filtered(lambda lead: lead.type == "lead"):
                lead.convert_opportunity(lead.partner_id)
        return res

    def _pool_claimed_message(self):
        self.ensure_one()
        if self.type == "opportunity":
            return self.env._("“%(name)s” is now yours, in your pipeline.", name=self.sudo().display_name)
        return super()._pool_claimed_message()

    def action_log_followup(self):
        self.ensure_one()
        self.env["crm.smb.followup"]._check_owner(self)
        return self.env["crm.smb.followup"].with_context(default_lead_id=self.id).action_log_followup()
