import re
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MONDAY_9AM, TestServiceCommon

SUITE = ["crm_smb_followup", "crm_smb_service"]


@tagged("post_install", "-at_install")
class TestGeneratedTextsInChinese(TestServiceCommon):
    """What the suite writes for people (to-dos, notes, notifications, file names) is in the
    reader's language: rendered for a zh_CN reader, no English word of ours is left."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(SUITE, ["zh_CN"], overwrite=True)

    def assert_chinese(self, text, *data):
        """`text` has no Latin word once the data it quotes (names, references) are left out."""
        for value in data:
            text = text.replace(value, "")
        self.assertTrue(re.search(r"[\u4e00-\u9fff]", text), text)
        self.assertFalse(re.search(r"[A-Za-z]{2,}", text.replace("SLA", "")), text)

    def test_sla_escalation_in_the_readers_language(self):
        self.leader.lang = "zh_CN"
        self.agent_1.lang = "zh_CN"
        with freeze_time(MONDAY_9AM):
            request = self.new_request(MONDAY_9AM, user_id=self.agent_1.id)
        with freeze_time(datetime(2026, 6, 8, 14, 1)):
            self.env["crm.smb.service.request"]._cron_sla_escalation()
        todo = request.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assert_chinese(todo.summary, request.display_name)
        note = request.message_ids.filtered(lambda m: "SLA" in (m.body or ""))[:1]
        self.assert_chinese(re.sub(r"<[^>]+>", "", note.body), self.sla.name)

    def test_workbook_named_in_the_users_language(self):
        for model in ("crm.smb.customer.report", "crm.smb.service.report"):
            title = self.env[model].with_context(lang="zh_CN")._xlsx_title()
            self.assert_chinese(title)

    def test_pool_and_followup_messages(self):
        customer = self.customer.with_context(lang="zh_CN")
        self.assert_chinese(customer._pool_claimed_message(), customer.display_name)
        Followup = self.env["crm.smb.followup"].with_user(self.agent_1).with_context(lang="zh_CN")
        with self.assertRaises(UserError) as caught:
            Followup._check_owner(self.customer)
        self.assert_chinese(str(caught.exception))

    def test_demo_history_in_the_administrators_language(self):
        """XML data is written with no language: the demo's creation messages and stage
        changes are rewritten in the administrator's language once the terms are loaded."""
        self.env.ref("base.user_admin").lang = "zh_CN"
        as_xml_data = self.env(context=dict(self.env.context, lang=None))
        first = self.env.ref("crm_smb_followup.stage_first_contact")
        proposal = self.env.ref("crm_smb_followup.stage_proposal")
        customer = as_xml_data["res.partner"].create(
            {"name": "Demo Customer Co", "is_company": True, "followup_stage_id": first.id}
        )
        request = as_xml_data["crm.smb.service.request"].create(
            {"name": "Demo request", "partner_id": customer.id, "priority": "1"}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # Odoo tracks no change of a record created in the same step
        customer.followup_stage_id = proposal
        request.priority = "2"
        self.env.flush_all()
        self.env.cr.precommit.run()
        stage_change = customer.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "followup_stage_id"
        )
        priority_change = request.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "priority"
        )
        # as Odoo logs them
        self.assertEqual(stage_change.new_value_char, "Proposal / Quotation")
        self.assertEqual(priority_change.new_value_char, "High")

        self.env.ref("base.module_crm_smb_service")._crm_smb_demo_localize_history()

        self.assertEqual(stage_change.new_value_char, proposal.with_context(lang="zh_CN").name)
        self.assert_chinese(stage_change.new_value_char)
        self.assert_chinese(priority_change.new_value_char)
        for record in (customer, request):
            created = record.message_ids.filtered(lambda m: not m.tracking_value_ids)[-1:]
            self.assert_chinese(re.sub(r"<[^>]+>", "", str(created.body)), record.display_name)
