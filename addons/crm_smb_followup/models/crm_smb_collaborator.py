from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ACCESS = [("read", "Read"), ("edit", "Edit")]
# What changes on a collaborator once added: the record it works on does not (rules read it).
WRITABLE = {"access", "date_end", "user_id"}


class CrmSmbCollaborator(models.Model):
    """A colleague who works on a customer or lead with its salesperson (协作人): reads it, or
    also edits it and logs follow-ups on it, optionally until a date. Record rules read these
    rows (never the followers); an expired one is removed by the daily job."""

    _name = "crm.smb.collaborator"
    _description = "Collaborator"
    _order = "id"

    partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null", ondelete="cascade")
    lead_id = fields.Many2one("crm.lead", index="btree_not_null", ondelete="cascade")
    user_id = fields.Many2one(
        "res.users",
        string="Colleague",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
    )
    access = fields.Selection(
        ACCESS,
        required=True,
        default="read",
        help="Read: sees the record and its follow-ups. Edit: also changes it and logs follow-ups on it.",
    )
    date_end = fields.Date(string="Until", help="Last day of the access; empty: until removed.")

    _sql_constraints = [
        (
            "one_record",
            "CHECK((partner_id IS NULL) != (lead_id IS NULL))",
            "A collaborator works on one customer or one lead.",
        ),
        (
            "partner_user_unique",
            "UNIQUE(partner_id, user_id)",
            "This colleague already works on this customer.",
        ),
        ("lead_user_unique", "UNIQUE(lead_id, user_id)", "This colleague already works on this lead."),
    ]

    def _record(self):
        return self.lead_id or self.partner_id

    @api.constrains("user_id", "date_end", "partner_id", "lead_id")
    def _check_collaborator(self):
        today = fields.Date.context_today(self)
        for collaborator in self.sudo():
            record = collaborator._record()
            if collaborator.user_id.share:
                raise ValidationError(
                    self.env._("Collaborators are colleagues: a portal user cannot be one.")
                )
            if collaborator.user_id == record.user_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s is the salesperson of %(record)s already.",
                        user=collaborator.user_id.name,
                        record=record.display_name,
                    )
                )
            if collaborator.date_end and collaborator.date_end < today:
                raise ValidationError(self.env._("The access of a collaborator cannot end in the past."))

    def _describe(self):
        self.ensure_one()
        access = dict(self._fields["access"]._description_selection(self.env))[self.access]
        if self.date_end:
            return self.env._(
                "%(user)s (%(access)s, until %(date)s)",
                user=self.user_id.name,
                access=access,
                date=fields.Date.to_string(self.date_end),
            )
        return self.env._("%(user)s (%(access)s)", user=self.user_id.name, access=access)

    def _note(self, message):
        """A note in the chatter of the customer or lead, in the author's words (who does not
        become a follower by it: following gives read access to a customer)."""
        for collaborator in self:
            collaborator._record().sudo().with_context(mail_create_nosubscribe=True).message_post(
                body=Markup("<p>%s</p>") % (message % {"who": collaborator._describe()}),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )

    @api.model_create_multi
    def create(self, vals_list):
        collaborators = super().create(vals_list)
        collaborators._note(self.env._("Collaborator added: %(who)s"))
        return collaborators

    def write(self, vals):
        if not self.env.su and set(vals) - WRITABLE:
            raise UserError(
                self.env._(
                    "A collaborator's colleague, access and end date change; remove and add it otherwise."
                )
            )
        res = super().write(vals)
        if {"access", "date_end", "user_id"} & set(vals):
            self._note(self.env._("Collaborator changed: %(who)s"))
        return res

    def unlink(self):
        for collaborator in self:
            collaborator._note(self.env._("Collaborator removed: %(who)s"))
        self._unfollow()
        return super().unlink()

    def _unfollow(self):
        """A colleague no longer collaborating no longer follows the record either."""
        for collaborator in self.sudo():
            collaborator._record().message_unsubscribe(partner_ids=collaborator.user_id.partner_id.ids)

    @api.model
    def _cron_expire(self):
        """Remove the collaborators whose last day has passed, in their salesperson's timezone
        (the job runs just after midnight in China)."""
        for collaborator in self.search([("date_end", "!=", False)]):
            owner = collaborator._record().user_id or collaborator.user_id
            if collaborator.date_end < fields.Date.context_today(collaborator.with_user(owner)):
                collaborator._note(self.env._("Collaborator's access ended: %(who)s"))
                collaborator._unfollow()
                super(CrmSmbCollaborator, collaborator).unlink()
        return True


class CrmSmbCollaboratorMixin(models.AbstractModel):
    """What customers and leads share about their collaborators (each declares its
    `crm_smb_collaborator_ids` and `crm_smb_can_share`)."""

    _name = "crm.smb.collaborator.mixin"
    _description = "Customer or Lead with Collaborators"

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_crm_smb_can_share(self):
        """Who adds and removes collaborators: the salesperson, their team leader (team
        documents), sales managers — as the record rules of crm.smb.collaborator say."""
        user = self.env.user
        if user.has_group("sales_team.group_sale_manager"):
            self.crm_smb_can_share = True
            return
        owners = user._crm_smb_owners()
        for record in self:
            record.crm_smb_can_share = bool(record.user_id) and record.user_id in owners

    def _crm_smb_collaborates(self, user, edit=False):
        """Whether `user` is an active collaborator of this record (with edit access when `edit`),
        the record not waiting in a public pool."""
        self.ensure_one()
        record = self.sudo()
        return record.pool_state != "pool" and any(
            c.user_id == user and (not edit or c.access == "edit") for c in record.crm_smb_collaborator_ids
        )

    def _crm_smb_check_collaborator_vals(self, vals):
        """A collaborator with edit access works on the record; where it belongs (team, company,
        company of a contact) and whether it exists stay with its salesperson and their leaders."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            return
        guarded = {"team_id", "company_id", "active", "parent_id", "type"} & set(vals)
        if not guarded:
            return
        user = self.env.user
        owners = user._crm_smb_owners()
        for record in self.sudo():
            if record.user_id and record.user_id not in owners:
                raise UserError(
                    self.env._(
                        "%(record)s belongs to %(owner)s: a collaborator does not change its team, company "
                        "or archive it.",
                        record=record.display_name,
                        owner=record.user_id.name,
                    )
                )

    def _crm_smb_clear_collaborators(self):
        """A record changing hands through a pool leaves its collaborators behind."""
        self.sudo().crm_smb_collaborator_ids.unlink()

    def write(self, vals):
        self._crm_smb_check_collaborator_vals(vals)
        return super().write(vals)
