from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCollectionPlanUi(HttpCase):
    def test_salesperson_plans_an_order_and_sees_it_to_collect(self):
        salesman = new_test_user(
            self.env,
            login="smb_plan_tour_salesman",
            groups="sales_team.group_sale_salesman",
            name="Plan Tour Salesman",
            lang="en_US",
            tz="Asia/Shanghai",
        )
        self.env.company.crm_smb_order_approval = False
        terms = self.env["account.payment.term"].create(
            {
                "name": "30% now, balance in 30 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 70.0, "nb_days": 30}),
                ],
            }
        )
        customer = self.env["res.partner"].create({"name": "Tour Plan Customer"})
        product = self.env["product.product"].create({"name": "Tour Machine", "standard_price": 100.0})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": salesman.id,
                "payment_term_id": terms.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 10000, "tax_id": []})],
            }
        )
        order.action_confirm()
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "crm_smb_collection_plan_tour",
            login=salesman.login,
        )
        plans = order.crm_smb_collection_plan_ids.sorted("instalment")
        self.assertEqual(plans.mapped("amount"), [3000.0, 7000.0])
        self.assertEqual(plans.create_uid, salesman)
        self.start_tour(
            "/odoo/action-crm_smb_reports.crm_smb_collection_plan_action",
            "crm_smb_to_collect_tour",
            login=salesman.login,
        )
