from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TestFollowupCommon


@tagged("post_install", "-at_install")
class TestFollowupStage(TestFollowupCommon):
    def _flush_tracking(self):
        # Tracking messages are written when the transaction would commit.
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_default_stages_in_order(self):
        stages = self.env["crm.smb.followup.stage"].search([])
        self.assertEqual(
            stages[:7].mapped(lambda s: s.get_external_id()[s.id]),
            [
                "crm_smb_followup.stage_first_contact",
                "crm_smb_followup.stage_needs_confirmed",
                "crm_smb_followup.stage_proposal",
                "crm_smb_followup.stage_negotiation",
                "crm_smb_followup.stage_won",
                "crm_smb_followup.stage_after_sales",
                "crm_smb_followup.stage_lost",
            ],
        )
        self.assertTrue(self.env.ref("crm_smb_followup.stage_won").is_won)
        self.assertTrue(self.env.ref("crm_smb_followup.stage_lost").is_lost)
        self.assertTrue(self.env.ref("crm_smb_followup.stage_lost").fold)

    def test_salesman_reads_but_cannot_edit_stages(self):
        stage = self.stage_first.with_user(self.salesman)
        self.assertEqual(stage.name, "First Contact")
        with self.assertRaises(AccessError):
            stage.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["crm.smb.followup.stage"].with_user(self.salesman).create({"name": "Mine"})

    def test_manager_configures_stages(self):
        stage = self.env["crm.smb.followup.stage"].with_user(self.sales_manager).create({"name": "Trial"})
        stage.write({"sequence": 35})
        self.assertEqual(stage.sequence, 35)

    def test_stage_cannot_be_won_and_lost(self):
        stage = self.env["crm.smb.followup.stage"].with_user(self.sales_manager).create({"name": "Odd"})
        with self.assertRaises(ValidationError):
            stage.write({"is_won": True, "is_lost": True})

    def test_stage_change_on_customer_is_tracked(self):
        customer = self.customer.with_user(self.salesman)
        customer.followup_stage_id = self.stage_first
        self._flush_tracking()
        customer.followup_stage_id = self.stage_proposal
        self._flush_tracking()
        tracked = self.customer.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "followup_stage_id"
        )
        self.assertTrue(tracked)
        self.assertEqual(tracked[0].new_value_char, "Proposal / Quotation")

    def test_customer_kanban_shows_every_stage(self):
        groups = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .web_read_group([("id", "=", self.customer.id)], ["followup_stage_id"], ["followup_stage_id"])
        )
        shown = {g["followup_stage_id"][0] for g in groups["groups"] if g["followup_stage_id"]}
        all_stages = set(self.env["crm.smb.followup.stage"].search([]).ids)
        self.assertEqual(shown, all_stages)
        # The empty stages are folded: the columns customers are in fit on one screen.
        folded = {
            g["followup_stage_id"][0] for g in groups["groups"] if g["followup_stage_id"] and g["__fold"]
        }
        self.assertEqual(folded, all_stages - set(self.customer.followup_stage_id.ids))
