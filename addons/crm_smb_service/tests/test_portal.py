import re

from odoo.exceptions import AccessError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServicePortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company_a = env["res.partner"].create({"name": "Portal Company A", "is_company": True})
        cls.company_b = env["res.partner"].create({"name": "Portal Company B", "is_company": True})
        cls.portal_a = new_test_user(env, login="smb_portal_a", groups="base.group_portal", name="Portal A")
        cls.portal_a.partner_id.parent_id = cls.company_a
        cls.colleague_a = env["res.partner"].create({"name": "Colleague A", "parent_id": cls.company_a.id})
        cls.portal_b = new_test_user(env, login="smb_portal_b", groups="base.group_portal", name="Portal B")
        cls.portal_b.partner_id.parent_id = cls.company_b
        Request = env["crm.smb.service.request"]
        cls.request_a = Request.create(
            {
                "name": "Company A colleague's request",
                "partner_id": cls.company_a.id,
                "contact_id": cls.colleague_a.id,
            }
        )
        cls.request_b = Request.create({"name": "Company B secret", "partner_id": cls.company_b.id})

    def test_portal_user_sees_own_company_requests_only_over_http(self):
        self.authenticate("smb_portal_a", "smb_portal_a")
        listing = self.url_open("/my/service")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.request_a.number, listing.text, "the company's requests, not only the user's")
        self.assertNotIn(self.request_b.number, listing.text)
        own = self.url_open(f"/my/service/{self.request_a.id}")
        self.assertIn("Company A colleague", own.text)
        other = self.url_open(f"/my/service/{self.request_b.id}")
        self.assertNotIn("Company B secret", other.text)
        self.assertTrue(other.url.endswith("/my"), "refused: sent back to the portal home")

    def test_portal_user_cannot_read_other_company_over_rpc(self):
        with self.assertRaises(AccessError):
            self.request_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.portal_a).write({"name": "Changed"})
        self.assertEqual(self.request_a.with_user(self.portal_a).name, "Company A colleague's request")

    def test_portal_submission_with_attachment(self):
        self.authenticate("smb_portal_a", "smb_portal_a")
        page = self.url_open("/my/service/new")
        self.assertEqual(page.status_code, 200)
        response = self.url_open(
            "/my/service/new",
            data={
                "name": "Screen flickers",
                "description": "Since Monday",
                "type_id": str(self.env.ref("crm_smb_service.type_repair").id),
                "csrf_token": Request.csrf_token(self),
            },
            files={"attachments": ("photo.txt", b"pretend this is a photo")},
        )
        self.assertEqual(response.status_code, 200)
        created = self.env["crm.smb.service.request"].search([("name", "=", "Screen flickers")])
        self.assertEqual(created.partner_id, self.company_a)
        self.assertEqual(created.contact_id, self.portal_a.partner_id)
        self.assertEqual(created.channel, "portal")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", created._name), ("res_id", "=", created.id)]
        )
        self.assertEqual(attachment.name, "photo.txt")
        self.assertIn(f"/my/service/{created.id}", response.url)
        self.assertIn("has been received", response.text, "the customer is told it went through")
        self.assertIn(created.number, response.text)

    def test_portal_tile_before_the_first_request_and_no_staff_names(self):
        """A customer who never asked for help finds where to; a request shows the team that
        handles it, not the full name of the employee."""
        newcomer = new_test_user(self.env, login="smb_portal_new", groups="base.group_portal", name="New")
        newcomer.partner_id.parent_id = self.env["res.partner"].create({"name": "New Co", "is_company": True})
        self.authenticate("smb_portal_new", "smb_portal_new")
        home = self.url_open("/my/home")
        card = re.search(r'<div class="o_portal_index_card[^"]*">\s*<a href="/my/service"', home.text)
        self.assertTrue(card, "the service tile is on the portal home")
        self.assertNotIn("d-none", card.group(0))
        agent = new_test_user(
            self.env,
            login="smb_portal_agent",
            groups="crm_smb_service.group_service_user",
            name="赵磊 Zhao Lei",
        )
        team = self.env["crm.smb.service.team"].create(
            {"name": "售后服务组", "member_ids": [(6, 0, agent.ids)]}
        )
        self.request_a.write({"team_id": team.id, "user_id": agent.id})
        self.authenticate("smb_portal_a", "smb_portal_a")
        page = self.url_open(f"/my/service/{self.request_a.id}")
        self.assertIn("售后服务组", page.text)
        self.assertNotIn("Zhao Lei", page.text)

    def test_empty_subject_is_refused_clearly(self):
        self.authenticate("smb_portal_a", "smb_portal_a")
        response = self.url_open(
            "/my/service/new", data={"name": " ", "csrf_token": Request.csrf_token(self)}
        )
        self.assertIn("Please describe the problem", response.text)
