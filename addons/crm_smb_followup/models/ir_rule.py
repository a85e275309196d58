from odoo import api, models, tools
from odoo.osv import expression
from odoo.tools import config

from odoo.addons.sales_team_security.models.ir_rule import IrRule as SalesTeamSecurityIrRule


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    @tools.conditional(
        "xml" not in config["dev_mode"],
        tools.ormcache(
            "self.env.uid",
            "self.env.su",
            "model_name",
            "mode",
            "tuple(self._compute_domain_context_values())",
        ),
    )
    def _compute_domain(self, model_name, mode="read"):
        """Contacts below "all documents": sales_team_security narrows a salesperson to the
        contacts they own, follow, or nobody owns, adding that domain to the rules' in Python (no
        record rule can widen it). Here, the same narrowing, widened to the contacts the user's
        work is about: those of their teams' people for team documents users (their teams'
        customers), those under the rules of the public pools they administer, and those they
        collaborate on (read; edit to write, never to delete); with each customer, its contact
        persons. What one follows is read only: following is not a way to own."""
        # the user as the rules' evaluation context has it: without the caller's context (an
        # active_test=False would count archived teams and memberships, and stay in the cache)
        user = self.env["res.users"].browse(self.env.uid).sudo().with_context(lang=None, active_test=True)
        if (
            model_name != "res.partner"
            or self.env.su
            or not user.has_group("sales_team.group_sale_salesman")
            or user.has_group("sales_team.group_sale_salesman_all_leads")
        ):
            return super()._compute_domain(model_name, mode=mode)
        # Odoo's rules and ours, without sales_team_security's narrowing
        rules = super(SalesTeamSecurityIrRule, self)._compute_domain(model_name, mode=mode)
        owners = user._crm_smb_owners()
        collaborator = [("user_id", "=", user.id)]
        if mode != "read":
            collaborator.append(("access", "=", "edit"))
        # A company or an individual by its own salesperson; a contact person with its company
        # (its own salesperson is set from the company's when created, and stays after a claim
        # or a handover).
        company = "commercial_partner_id"
        shares = [
            [("parent_id", "=", False), ("user_id", "in", [*owners.ids, False])],
            [("parent_id", "!=", False), (f"{company}.user_id", "in", [*owners.ids, False])],
            [(f"{company}.pool_id.admin_ids", "in", user.ids)],
            [("id", "=", user.partner_id.id)],
        ]
        if mode == "read":
            # what the user follows (sales_team_security), read only
            shares.append([("message_partner_ids", "in", user.partner_id.ids)])
        if mode != "unlink":
            shares.append(
                [
                    (f"{company}.pool_state", "!=", "pool"),
                    (f"{company}.crm_smb_collaborator_ids", "any", collaborator),
                ]
            )
        visible = expression.OR(shares)
        return expression.AND([visible, rules])
