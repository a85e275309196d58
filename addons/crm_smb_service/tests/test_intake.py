from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TestServiceCommon

EMAIL = """Return-Path: <{sender}>
To: {to}
From: {from_header}
Subject: {subject}
Message-ID: {message_id}
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestEmailIntake(TestServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "service-test.example.com"})
        cls.team.write(
            {
                "alias_name": "service-intake-test",
                "alias_domain_id": cls.alias_domain.id,
                "alias_contact": "everyone",
            }
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Liu Qiang", "parent_id": cls.customer.id, "email": "liu.qiang@customer.example.com"}
        )

    def process(
        self, from_header, subject="Printer jam", message_id="<jam-1@customer.example.com>", extra=""
    ):
        raw = EMAIL.format(
            sender="liu.qiang@customer.example.com",
            to="service-intake-test@service-test.example.com",
            from_header=from_header,
            subject=subject,
            message_id=message_id,
            extra=extra,
            body="The packing machine stops after ten minutes.",
        )
        return self.env["mail.thread"].message_process(None, raw)

    def test_email_creates_a_request_and_replies_thread_into_it(self):
        request_id = self.process('"Liu Qiang" <Liu.Qiang@customer.example.com>')
        request = self.env["crm.smb.service.request"].browse(request_id)
        self.assertEqual(request.name, "Printer jam")
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.contact_id, self.buyer)
        self.assertEqual(request.team_id, self.team)
        self.assertEqual(request.channel, "email")
        self.assertIn("ten minutes", str(request.description))
        self.assertTrue(request.number.startswith("SR"))
        count = self.env["crm.smb.service.request"].search_count([])
        self.process(
            '"Liu Qiang" <liu.qiang@customer.example.com>',
            subject="Re: Printer jam",
            message_id="<jam-2@customer.example.com>",
            extra="In-Reply-To: <jam-1@customer.example.com>\nReferences: <jam-1@customer.example.com>\n",
        )
        self.assertEqual(
            self.env["crm.smb.service.request"].search_count([]), count, "a reply is no new request"
        )
        self.assertEqual(len(request.message_ids.filtered(lambda m: m.message_type == "email")), 2)

    def test_unknown_sender_becomes_a_contact(self):
        request = self.env["crm.smb.service.request"].browse(
            self.process("Wang Fang <wang.fang@newcomer.example.com>")
        )
        self.assertEqual(request.partner_id.email, "wang.fang@newcomer.example.com")
        self.assertEqual(request.partner_id.name, "Wang Fang")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_malformed_email_does_not_crash_the_gateway(self):
        request_id = self.process("not an address", subject="", message_id="<broken-1@nowhere>")
        request = self.env["crm.smb.service.request"].browse(request_id)
        self.assertTrue(request.exists())
        self.assertEqual(request.name, "Request by email")
