from odoo import _, api, fields, models

# The order approval rules (审核) the suite ships, as tier definitions of OCA's
# base_tier_validation, one set per company, kept in step with the company's settings.
APPROVAL_RULES = ("leader", "manager")


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_smb_order_approval = fields.Boolean(
        string="Order Approval",
        help="Quotations above the amounts or discounts below are approved before they are sent "
        "or confirmed.",
    )
    crm_smb_approval_amount = fields.Monetary(
        string="Team Leader Approves Above",
        currency_field="currency_id",
        default=50000.0,
    )
    crm_smb_approval_discount = fields.Float(
        string="Or a Discount Above (%)",
        default=10.0,
    )
    crm_smb_approval_manager_amount = fields.Monetary(
        string="Sales Manager Approves Above",
        currency_field="currency_id",
        default=200000.0,
    )
    crm_smb_collection_reminder_days = fields.Integer(
        string="Collection Reminder (Days Before)",
        default=3,
        help="The salesperson gets a to-do this many days before an instalment is due.",
    )
    crm_smb_quote_requires_cost = fields.Boolean(
        string="Quote Only Products with a Cost",
        help="A quotation cannot be sent or confirmed while one of its products has no cost "
        "(内部成本没有核算,无法进行报价).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies.filtered("crm_smb_order_approval")._crm_smb_sync_approval_rules()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if any(name.startswith("crm_smb_approval") or name == "crm_smb_order_approval" for name in vals):
            self._crm_smb_sync_approval_rules()
        return res

    def _crm_smb_sync_approval_rules(self):
        """Create or update the company's approval tiers from its settings (inactive when off)."""
        Definition = self.env["tier.definition"].sudo().with_context(active_test=False)
        model = self.env["ir.model"]._get("sale.order")
        leader_field = self.env["ir.model.fields"]._get("sale.order", "crm_smb_leader_approver_ids")
        manager_field = self.env["ir.model.fields"]._get("sale.order", "crm_smb_manager_approver_ids")
        for company in self:
            rules = {
                "leader": {
                    "name": _("Team leader approves large or discounted quotations"),
                    # OCA's tiers: the higher sequence is reviewed first
                    "sequence": 20,
                    "reviewer_field_id": leader_field.id,
                    "definition_domain": str(
                        [
                            "|",
                            ("crm_smb_amount_company", ">", company.crm_smb_approval_amount),
                            ("crm_smb_max_discount", ">", company.crm_smb_approval_discount),
                        ]
                    ),
                },
                "manager": {
                    "name": _("Sales manager approves very large quotations"),
                    "sequence": 10,
                    "reviewer_field_id": manager_field.id,
                    "definition_domain": str(
                        [("crm_smb_amount_company", ">", company.crm_smb_approval_manager_amount)]
                    ),
                },
            }
            existing = {
                definition.crm_smb_rule: definition
                for definition in Definition.search(
                    [("crm_smb_rule", "in", APPROVAL_RULES), ("company_id", "=", company.id)]
                )
            }
            for rule, values in rules.items():
                values["active"] = company.crm_smb_order_approval
                definition = existing.get(rule)
                if definition:
                    # the rule's name and reviewers stay as an implementer may have changed them
                    definition.write(
                        {"definition_domain": values["definition_domain"], "active": values["active"]}
                    )
                    continue
                Definition.create(
                    {
                        **values,
                        "crm_smb_rule": rule,
                        "company_id": company.id,
                        "model_id": model.id,
                        "review_type": "field",
                        "has_comment": True,
                        "comment_approve_default": _("Approved"),
                        # the request is logged by sale.order._notify_review_requested, in Chinese
                        "notify_on_create": False,
                        # decisions are logged by sale.order._crm_smb_log_decisions, with their reason
                        "notify_on_accepted": False,
                        "notify_on_rejected": False,
                        "approve_sequence": True,
                    }
                )
