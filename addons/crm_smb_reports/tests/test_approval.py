from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOrderApproval(TransactionCase):
    """Order approval (审核) on OCA's tier validation: what the salesperson, the team leader and
    the sales manager meet with the rules the settings ship."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Approval Co", "currency_id": cls.env.ref("base.CNY").id}
        )
        cls.env.ref("base.CNY").active = True
        cls.company.write(
            {
                "crm_smb_order_approval": True,
                "crm_smb_approval_amount": 50000.0,
                "crm_smb_approval_discount": 10.0,
                "crm_smb_approval_manager_amount": 200000.0,
                "crm_smb_quote_requires_cost": True,
            }
        )

        def user(login, group):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"{group},base.group_partner_manager",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )

        cls.salesman = user("appr_sales", "sales_team.group_sale_salesman")
        cls.leader = user("appr_leader", "sales_team.group_sale_salesman_all_leads")
        cls.manager = user("appr_manager", "sales_team.group_sale_manager")
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Approval Team",
                "company_id": cls.company.id,
                "user_id": cls.leader.id,
                "member_ids": [Command.link(cls.salesman.id)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Approval Customer", "company_id": cls.company.id}
        )
        cls.product = (
            cls.env["product.product"]
            .with_company(cls.company)
            .create(
                {
                    "name": "Costed Machine",
                    "list_price": 1000.0,
                    "standard_price": 600.0,
                    "company_id": cls.company.id,
                }
            )
        )

    def new_order(self, quantity, discount=0.0, product=None):
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .with_company(self.company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": (product or self.product).id,
                                "product_uom_qty": quantity,
                                "price_unit": 1000.0,
                                "discount": discount,
                                "tax_id": [],
                            }
                        )
                    ],
                }
            )
        )

    def decide(self, order, user, verdict, comment):
        """What the approver does in the form: the button, then the comment dialog."""
        order = order.with_user(user)
        action = order.validate_tier() if verdict == "validate" else order.reject_tier()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"comment": comment})
        )
        wizard.add_comment()

    def approval_activities(self, order):
        activity_type = self.env.ref("crm_smb_reports.mail_activity_type_order_approval")
        return order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_small_order_is_confirmed_without_approval(self):
        order = self.new_order(10)
        self.assertFalse(order.need_validation)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_large_quotation_cannot_be_sent_or_confirmed_before_approval(self):
        order = self.new_order(60)
        self.assertTrue(order.need_validation)
        with self.assertRaises(UserError):
            order.action_quotation_send()
        with self.assertRaises(UserError):
            order.action_quotation_sent()
        with self.assertRaises(UserError):
            order.action_confirm()
        with self.assertRaises(UserError):  # over JSON-RPC, past the buttons
            order.write({"state": "sale"})
        self.assertEqual(order.state, "draft")

    def test_discount_above_the_limit_needs_the_leader(self):
        order = self.new_order(10, discount=15.0)
        self.assertTrue(order.need_validation)
        order.request_validation()
        self.assertEqual(order.review_ids.reviewer_ids, self.leader)

    def test_leader_approves_from_the_activity_then_salesperson_confirms(self):
        order = self.new_order(60)
        order.request_validation()
        self.assertEqual(self.approval_activities(order).user_id, self.leader)
        self.assertIn(self.leader.partner_id, order.message_partner_ids)
        self.assertIn(f"asked {self.leader.name} to approve", order.message_ids[0].body)
        # still waiting: nothing goes out
        with self.assertRaises(UserError):
            order.action_quotation_sent()
        self.decide(order, self.leader, "validate", "价格已核对")
        self.assertEqual(order.validation_status, "validated")
        self.assertFalse(self.approval_activities(order), "the approver's to-do is done")
        self.assertIn("价格已核对", " ".join(order.message_ids.mapped("body")))
        order.action_quotation_sent()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_very_large_order_goes_to_the_leader_then_a_manager(self):
        order = self.new_order(250)
        order.request_validation()
        self.assertEqual(len(order.review_ids), 2)
        self.assertEqual(self.approval_activities(order).user_id, self.leader)
        self.decide(order, self.leader, "validate", "OK")
        self.assertIn(self.manager, self.approval_activities(order).user_id)
        self.assertNotIn(self.leader, self.approval_activities(order).user_id)
        with self.assertRaises(UserError):
            order.action_confirm()
        self.decide(order, self.manager, "validate", "OK")
        self.assertEqual(order.validation_status, "validated")
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_rejection_keeps_the_reason_and_blocks_the_order(self):
        order = self.new_order(60)
        order.request_validation()
        self.decide(order, self.leader, "reject", "折扣太大，请重新报价")
        self.assertEqual(order.validation_status, "rejected")
        self.assertIn("折扣太大，请重新报价", " ".join(order.message_ids.mapped("body")))
        self.assertFalse(self.approval_activities(order))
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_leader_selling_is_approved_by_a_manager(self):
        order = self.new_order(60).with_user(self.leader)
        order.user_id = self.leader
        self.assertIn(self.manager, order.crm_smb_leader_approver_ids)
        self.assertNotIn(self.leader, order.crm_smb_leader_approver_ids)

    def test_products_without_cost_cannot_be_quoted(self):
        uncosted = self.env["product.product"].create(
            {"name": "Uncosted Part", "company_id": self.company.id}
        )
        order = self.new_order(1, product=uncosted)
        with self.assertRaisesRegex(UserError, "Uncosted Part"):
            order.action_quotation_send()
        with self.assertRaisesRegex(UserError, "Uncosted Part"):
            order.action_confirm()
        self.company.crm_smb_quote_requires_cost = False
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_salesperson_cannot_approve_their_own_order(self):
        order = self.new_order(60)
        order.request_validation()
        review = order.review_ids.with_user(self.salesman)
        with self.assertRaises(AccessError):
            review.write({"status": "approved", "done_by": self.salesman.id})
        with self.assertRaises(AccessError):
            review.write({"res_id": self.new_order(1).id})
        definition = review.definition_id
        review.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env["tier.review"].with_user(self.salesman).create(
                {
                    "model": "sale.order",
                    "res_id": order.id,
                    "definition_id": definition.id,
                    "status": "approved",
                }
            )
        with self.assertRaises(AccessError):  # a step naming its own reviewer
            self.env["tier.review"].with_user(self.salesman).create(
                {
                    "model": "sale.order",
                    "res_id": order.id,
                    "definition_id": definition.id,
                    "reviewer_ids": [(6, 0, self.salesman.ids)],
                }
            )
        order.invalidate_recordset()
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_settings_keep_the_tiers_in_step(self):
        definitions = (
            self.env["tier.definition"]
            .with_context(active_test=False)
            .search([("company_id", "=", self.company.id), ("crm_smb_rule", "!=", False)])
        )
        self.assertEqual(len(definitions), 2)
        order = self.new_order(60)
        self.assertTrue(order.need_validation)
        self.company.crm_smb_approval_amount = 80000.0
        order.invalidate_recordset(["need_validation"])
        self.assertFalse(order.need_validation)
        self.company.crm_smb_order_approval = False
        self.assertFalse(definitions.filtered("active"))
        big = self.new_order(300)
        self.assertFalse(big.need_validation)

    def test_the_banner_names_the_next_step_and_its_approvers(self):
        order = self.new_order(60)
        order.request_validation()
        order.invalidate_recordset(["next_review"])
        self.assertIn(self.leader.name, order.next_review)
        self.assertIn("Team leader approves", order.next_review)
