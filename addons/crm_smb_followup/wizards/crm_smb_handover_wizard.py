from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every
from odoo.tools.safe_eval import safe_eval

from ..models.crm_smb_pool_mixin import OWNER_ACTION_KEY

BATCH_SIZE = 500


class CrmSmbHandoverWizard(models.TransientModel):
    _name = "crm.smb.handover.wizard"
    _description = "Customer Handover Wizard"

    from_user_id = fields.Many2one(
        "res.users",
        string="From Salesperson",
        required=True,
        domain="[('share', '=', False)]",
        help="Usually a salesperson who is leaving.",
    )
    destination = fields.Selection(
        [("user", "A Salesperson"), ("pool", "Public Pools")], default="user", required=True
    )
    to_user_id = fields.Many2one("res.users", string="To Salesperson", domain="[('share', '=', False)]")
    to_customer_pool_id = fields.Many2one(
        "crm.smb.pool", string="Customer Pool", domain="[('pool_type', '=', 'customer')]"
    )
    to_lead_pool_id = fields.Many2one(
        "crm.smb.pool", string="Lead Pool", domain="[('pool_type', '=', 'lead')]"
    )
    move_customers = fields.Boolean(string="Customers", default=True)
    move_leads = fields.Boolean(string="Open Leads/Opportunities", default=True)
    move_activities = fields.Boolean(string="Open Activities", default=True)
    move_followups = fields.Boolean(string="Planned Follow-ups", default=True)
    # Which customers, in a manager's words (empty: all of them); the raw domain is for
    # implementers (developer mode).
    customer_level_ids = fields.Many2many(
        "crm.smb.customer.level", string="Customer Levels", help="Only customers of these levels."
    )
    followup_stage_ids = fields.Many2many(
        "crm.smb.followup.stage", string="Follow-up Stages", help="Only customers at these stages."
    )
    partner_domain = fields.Char(
        string="Only Customers Matching",
        default="[]",
        help="Leave empty to hand over all the customers of the salesperson.",
    )
    reason = fields.Text()
    partner_count = fields.Integer(compute="_compute_counts", string="Customers to Move")
    lead_count = fields.Integer(compute="_compute_counts", string="Leads to Move")
    activity_count = fields.Integer(compute="_compute_counts", string="Activities to Move")
    followup_count = fields.Integer(compute="_compute_counts", string="Planned Follow-ups to Move")

    @api.depends(
        "from_user_id",
        "partner_domain",
        "customer_level_ids",
        "followup_stage_ids",
        "move_customers",
        "move_leads",
        "move_activities",
        "move_followups",
    )
    def _compute_counts(self):
        for wizard in self:
            partners, leads, activities, followup_activities = wizard._selection()
            wizard.partner_count = len(partners.filtered(lambda p: not p.parent_id))
            wizard.lead_count = len(leads)
            wizard.activity_count = len(activities)
            wizard.followup_count = len(followup_activities)

    def _partner_domain(self):
        self.ensure_one()
        extra = safe_eval(self.partner_domain or "[]")
        if self.customer_level_ids:
            extra = [*extra, ("customer_level_id", "in", self.customer_level_ids.ids)]
        if self.followup_stage_ids:
            extra = [*extra, ("followup_stage_id", "in", self.followup_stage_ids.ids)]
        return [("user_id", "=", self.from_user_id.id), *extra]

    def _selection(self):
        """(customers, leads, other activities, next-contact activities) the handover would move."""
        self.ensure_one()
        Partner, Lead, Activity = self.env["res.partner"], self.env["crm.lead"], self.env["mail.activity"]
        if not self.from_user_id:
            return Partner, Lead, Activity, Activity
        partners = Partner.search([("parent_id", "=", False), *self._partner_domain()])
        leads = Lead
        if self.move_leads:
            lead_domain = [("user_id", "=", self.from_user_id.id), ("probability", "<", 100)]
            if self.partner_domain and self.partner_domain.strip() not in ("", "[]"):
                lead_domain.append(("partner_id.commercial_partner_id", "in", partners.ids))
            leads = Lead.search(lead_domain)
        moved_partners = Partner
        if self.move_customers:  # customers, with their contact persons that the salesperson owns
            moved_partners = partners | Partner.search(
                [("parent_id", "child_of", partners.ids), ("user_id", "=", self.from_user_id.id)]
            )
        activity_domain = [
            ("user_id", "=", self.from_user_id.id),
            "|",
            "&",
            ("res_model", "=", "res.partner"),
            ("res_id", "in", moved_partners.ids),
            "&",
            ("res_model", "=", "crm.lead"),
            ("res_id", "in", leads.ids),
        ]
        open_activities = Activity.search(activity_domain)
        planned = (
            self.env["crm.smb.followup"]
            .search([("next_activity_id", "in", open_activities.ids)])
            .next_activity_id
        )
        followup_activities = planned if self.move_followups else Activity
        other_activities = (open_activities - planned) if self.move_activities else Activity
        return moved_partners, leads, other_activities, followup_activities

    def action_apply(self):
        self.ensure_one()
        if self.destination == "user" and not self.to_user_id:
            raise UserError(self.env._("Choose the salesperson who takes over."))
        if self.from_user_id == self.to_user_id:
            raise UserError(self.env._("Choose two different salespeople."))
        partners, leads, activities, followup_activities = self._selection()
        if not (partners or leads or activities or followup_activities):
            raise UserError(self.env._("Nothing to hand over with these choices."))
        if self.destination == "pool":
            return self._apply_to_pools(partners, leads)
        note = self.env._(
            "Handed over from %(from)s to %(to)s by %(manager)s.",
            **{"from": self.from_user_id.name, "to": self.to_user_id.name, "manager": self.env.user.name},
        )
        if self.reason:
            note = f"{note} {self.reason}"
        body = Markup("<p>%s</p>") % note
        quiet = {"tracking_disable": True, "mail_notrack": True, OWNER_ACTION_KEY: "handover"}
        for records in (partners, leads):
            for batch_ids in split_every(BATCH_SIZE, records.ids):
                batch = records.browse(batch_ids)
                batch.with_context(**quiet).write({"user_id": self.to_user_id.id})
                batch._message_log_batch(bodies=dict.fromkeys(batch.ids, body))
        for batch_ids in split_every(BATCH_SIZE, (activities | followup_activities).ids):
            self.env["mail.activity"].browse(batch_ids).write({"user_id": self.to_user_id.id})
        return self._log_handover(partners, leads, len(activities), len(followup_activities))

    def _apply_to_pools(self, partners, leads):
        """Send the salesperson's customers and leads to public pools (history action "handover")."""
        if partners and not self.to_customer_pool_id:
            raise UserError(self.env._("Choose the customer pool that receives the customers."))
        if leads and not self.to_lead_pool_id:
            raise UserError(self.env._("Choose the lead pool that receives the leads."))
        History = self.env["crm.smb.pool.history"]
        for records, pool in ((partners, self.to_customer_pool_id), (leads, self.to_lead_pool_id)):
            note = self.env._(
                "Handed over from %(from)s to the pool “%(pool)s” by %(manager)s.",
                **{"from": self.from_user_id.name, "pool": pool.name, "manager": self.env.user.name},
            )
            for batch_ids in split_every(BATCH_SIZE, records.ids):
                batch = records.browse(batch_ids).sudo()
                batch._pool_put_back(pool, "handover", reason=self.reason or "")
                History._log_notes(batch, note)
        return self._log_handover(partners, leads, 0, 0)

    def _log_handover(self, partners, leads, activity_count, followup_count):
        handover = self.env["crm.smb.handover"].create(
            {
                "from_user_id": self.from_user_id.id,
                "to_user_id": self.to_user_id.id,
                "partner_ids": [fields.Command.set(partners.filtered(lambda p: not p.parent_id).ids)],
                "lead_ids": [fields.Command.set(leads.ids)],
                "activity_count": activity_count,
                "followup_count": followup_count,
                "reason": self.reason,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.smb.handover",
            "res_id": handover.id,
            "view_mode": "form",
            "target": "current",
        }
