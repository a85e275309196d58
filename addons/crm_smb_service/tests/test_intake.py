from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MONDAY_9AM, TestServiceCommon

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


@tagged("post_install", "-at_install")
class TestNumberingAndSurvey(TestServiceCommon):
    def test_each_company_numbers_its_own_requests(self):
        """References read SR2026-00001 as the documents say, counted per company."""
        other = self.env["res.company"].create({"name": "宁波分公司"})
        Request = self.env["crm.smb.service.request"]
        values = {"name": "Noise", "partner_id": self.customer.id}
        here = Request.create(dict(values))
        there = Request.with_company(other).create([{**values, "company_id": other.id} for _i in range(2)])
        year = here.create_date.year
        self.assertRegex(here.number, rf"^SR{year}-\d{{5}}$")
        self.assertEqual(there.mapped("number"), [f"SR{year}-00001", f"SR{year}-00002"])
        following = Request.create(dict(values))
        self.assertEqual(int(following.number[-5:]), int(here.number[-5:]) + 1, "not counted by the other")

    def test_survey_goes_to_the_person_who_wrote_in(self):
        contact = self.env["res.partner"].create(
            {"name": "刘强", "parent_id": self.customer.id, "email": "liu.qiang@customer.example.com"}
        )
        request = self.new_request(MONDAY_9AM, contact_id=contact.id)
        request.rating_send_request(
            self.env.ref("crm_smb_service.mail_template_rating_request"), force_send=False
        )
        rating = self.env["rating.rating"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id)]
        )
        self.assertEqual(rating.partner_id, contact)
        mail = self.env["mail.mail"].search(
            [("model", "=", request._name), ("res_id", "=", request.id)], limit=1
        )
        self.assertIn(contact, mail.recipient_ids)
