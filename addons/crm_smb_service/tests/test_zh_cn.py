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
