from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from ..models.crm_smb_duplicate_mixin import normalize_company_name, normalize_phone
from .common import TestFollowupCommon


@tagged("post_install", "-at_install")
class TestDuplicateNormalization(TransactionCase):
    def test_mobile_numbers(self):
        for raw in (
            "13800138000",
            "+86 138 0013 8000",
            "+86-138-0013-8000",
            "0086 13800138000",
            "86 138 0013 8000",
            "１３８ ００１３ ８０００",  # full-width digits and space
            "(+86) 138.0013.8000",
        ):
            self.assertEqual(normalize_phone(raw), "13800138000", raw)

    def test_landline_numbers(self):
        for raw in ("0571-88881001", "+86 571 8888 1001", "(0571) 8888 1001", "+86 (0)571 8888 1001"):
            self.assertEqual(normalize_phone(raw), "057188881001", raw)
        self.assertNotEqual(normalize_phone("0571-88881001"), normalize_phone("0571-88881002"))

    def test_foreign_and_empty_numbers(self):
        self.assertEqual(normalize_phone("+1 (415) 555-0100"), "14155550100")
        self.assertEqual(normalize_phone("0014155550100"), "14155550100")
        self.assertIsNone(normalize_phone(""))
        self.assertIsNone(normalize_phone("ext 12"))

    def test_company_names(self):
        same = {
            normalize_company_name(name)
            for name in (
                "杭州恒达精工有限公司",
                "杭州恒达精工（有限公司）",
                "杭州恒达精工(有限公司)",
                " 杭州恒达精工 ",
                "杭州恒达精工股份有限公司",
            )
        }
        self.assertEqual(same, {"恒达精工"})
        # The place a company is registered in is left out, as people do when they name it.
        places = {
            normalize_company_name(name)
            for name in (
                "恒泰机械",
                "杭州恒泰机械有限公司",
                "浙江省杭州市恒泰机械有限公司",
                "恒泰机械（杭州）有限公司",
            )
        }
        self.assertEqual(places, {"恒泰机械"})
        self.assertEqual(normalize_company_name("北京大学"), "北京大学", "too little left without the place")
        latin = {
            normalize_company_name(name)
            for name in (
                "Hengtai Co., Ltd.",
                "HENGTAI CO.,LTD",
                "ｈｅｎｇｔａｉ Co.,Ltd",
                "Hengtai Limited",
                "hengtai",
            )
        }
        self.assertEqual(latin, {"hengtai"})
        self.assertNotEqual(
            normalize_company_name("杭州恒达精工有限公司"), normalize_company_name("杭州恒泰电子有限公司")
        )
        self.assertIsNone(normalize_company_name("有限公司"[:0]))


@tagged("post_install", "-at_install")
class TestDuplicateCheck(TestFollowupCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.env["res.partner"].create(
            {
                "name": "杭州恒达精工有限公司",
                "is_company": True,
                "phone": "+86 571 7777 3003",
                "mobile": "+86 139 0000 1111",
                "email": "Buyer@Hengtai.example.COM",
                "user_id": cls.salesman_2.id,
            }
        )
        cls.colleague_lead = cls.env["crm.lead"].create(
            {
                "name": "Secret deal with Xinghe",
                "partner_name": "Xinghua Optics Co., Ltd.",
                "phone": "+86 512 6543 2109",
                "user_id": cls.salesman_2.id,
            }
        )

    def set_mode(self, mode):
        self.env["ir.config_parameter"].sudo().set_param("crm_smb_followup.duplicate_check", mode)

    def warning_for(self, model, values, user=None):
        record = self.env[model].with_user(user or self.salesman).new(values)
        return record._onchange_duplicate_check().get("warning", {}).get("message", "")

    def test_warns_on_phone_with_spaces_dashes_and_full_width_digits(self):
        message = self.warning_for("res.partner", {"name": "Someone", "phone": "０５７１－７７７７３００３"})
        self.assertIn("杭州恒达精工有限公司", message)
        self.assertIn("Salesman SMB 2", message)
        message = self.warning_for("res.partner", {"name": "Someone", "mobile": "139-0000-1111"})
        self.assertIn("杭州恒达精工有限公司", message)

    def test_warning_is_a_notification_not_a_dialog_in_the_way(self):
        """Picking an existing customer that looks like another one must not stop the user with a
        dialog (Odoo's own crm_tour does exactly that): the web client shows a notification."""
        partner = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .new({"name": "Someone", "phone": "０５７１－７７７７３００３"})
        )
        result = partner.onchange(
            {"name": "Someone", "phone": "０５７１－７７７７３００３"}, ["phone"], {"name": {}, "phone": {}}
        )
        self.assertIn("杭州恒达精工有限公司", result["warning"]["message"])
        self.assertEqual(result["warning"]["type"], "notification")
        self.assertTrue(partner._onchange_duplicate_check()["warning"]["title"])

    def test_notification_pops_once_per_form(self):
        """Typing the next field does not repeat the notification; a new match is told."""
        Partner = self.env["res.partner"].with_user(self.salesman)
        spec = {"name": {}, "phone": {}, "email": {}, "duplicate_warned": {}, "duplicate_warning": {}}
        values = {"name": "Walk-in", "phone": "0571-77773003", "email": False, "duplicate_warned": False}
        first = Partner.onchange(values, ["phone"], spec)
        self.assertIn("杭州恒达精工有限公司", first["warning"]["message"])
        values.update(first["value"], name="Walk-in customer")
        again = Partner.onchange(values, ["name"], spec)
        self.assertNotIn("warning", again, "told once")
        values.update(again["value"], email="contact@xinghua.example.com")
        self.colleague_lead.email_from = "contact@xinghua.example.com"
        other = Partner.onchange(values, ["email"], spec)
        self.assertIn("Secret deal with Xinghe", other["warning"]["message"])
        self.assertNotIn("杭州恒达精工有限公司", other["warning"]["message"])

    def test_says_which_field_matched_with_a_link(self):
        """The form's alert names the field that matched and links the records its reader may
        open (not those they may not)."""
        self.existing.user_id = self.salesman
        partner = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .new({"name": "Walk-in", "phone": "0571 77773003"})
        )
        self.assertIn("(same Phone)", partner._onchange_duplicate_check()["warning"]["message"])
        self.assertIn(f'<a href="/odoo/res.partner/{self.existing.id}">', partner.duplicate_warning)
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .new({"name": "x", "partner_name": "星华光学 Xinghua Optics"})
        )
        lead.partner_name = "Xinghua Optics Co., Ltd."
        self.assertIn("Secret deal with Xinghe", lead.duplicate_warning)
        self.assertIn("(same Company Name)", lead.duplicate_warning)
        self.assertNotIn("<a ", lead.duplicate_warning, "a colleague's lead is named, not opened")

    def test_short_name_matches_the_full_name(self):
        for name in ("恒达精工", "浙江杭州恒达精工有限公司"):
            message = self.warning_for("res.partner", {"name": name, "is_company": True})
            self.assertIn("杭州恒达精工有限公司", message, name)

    def test_warns_on_mixed_case_email(self):
        message = self.warning_for(
            "crm.lead", {"name": "New lead", "email_from": "buyer@HENGTAI.example.com"}
        )
        self.assertIn("杭州恒达精工有限公司", message)

    def test_warns_on_company_name_variants(self):
        for name in ("杭州恒达精工（有限公司）", "杭州恒达精工(有限公司)", "杭州恒达精工"):
            message = self.warning_for("res.partner", {"name": name, "is_company": True})
            self.assertIn("杭州恒达精工有限公司", message, name)
        message = self.warning_for("crm.lead", {"name": "Lead", "partner_name": "XINGHUA OPTICS CO LTD"})
        self.assertIn("Secret deal with Xinghe", message)

    def test_salesman_learns_of_colleague_lead_without_reading_it(self):
        message = self.warning_for("res.partner", {"name": "Walk-in", "phone": "0512 6543 2109"})
        self.assertIn("Secret deal with Xinghe", message)
        self.assertIn("Salesman SMB 2", message)
        with self.assertRaises(AccessError):
            self.colleague_lead.with_user(self.salesman).read(["name", "phone"])

    def test_own_family_is_not_a_duplicate(self):
        contact = self.env["res.partner"].create(
            {"name": "Front desk", "parent_id": self.existing.id, "phone": "0571-77773003"}
        )
        self.assertFalse(contact.duplicate_warning)
        lead = self.env["crm.lead"].create(
            {"name": "Repeat order", "partner_id": self.existing.id, "user_id": self.salesman_2.id}
        )
        self.assertFalse(lead.duplicate_warning)

    def test_keys_follow_a_salespersons_edits(self):
        """The keys are recomputed when the owner changes a number or a company name, although
        the salesperson has no access to the table of keys itself."""
        customer = self.customer.with_user(self.salesman)
        customer.write({"phone": "0571-6666 2002", "name": "杭州瑞丰贸易有限公司", "is_company": True})
        for values in ({"phone": "+86 571 66662002"}, {"name": "杭州瑞丰贸易", "is_company": True}):
            message = self.warning_for("res.partner", {"name": "Walk-in", **values}, self.salesman_2)
            self.assertIn("杭州瑞丰贸易有限公司", message, values)
        customer.write({"phone": False})
        self.assertFalse(self.warning_for("res.partner", {"name": "x", "phone": "0571 66662002"}))
        with self.assertRaises(AccessError):
            self.env["crm.smb.duplicate.key"].with_user(self.salesman).search([])

    def test_saved_duplicate_shows_a_warning(self):
        twin = self.env["res.partner"].create({"name": "恒泰 twin", "phone": "+86 571 77773003"})
        self.assertIn("杭州恒达精工有限公司", twin.with_user(self.salesman).duplicate_warning)
        self.assertFalse(self.customer.duplicate_warning)

    def test_off_mode_says_nothing(self):
        self.set_mode("off")
        self.assertFalse(self.warning_for("res.partner", {"name": "x", "phone": "0571-77773003"}))

    def test_block_mode_refuses_naming_the_owner(self):
        self.set_mode("block")
        Lead = self.env["crm.lead"].with_user(self.salesman)
        with self.assertRaises(UserError) as caught:
            Lead.create(
                {"name": "Copy", "email_from": "BUYER@hengtai.example.com", "user_id": self.salesman.id}
            )
        self.assertIn("Salesman SMB 2", str(caught.exception))
        self.assertFalse(Lead.search([("name", "=", "Copy")]))
        with self.assertRaises(UserError):
            self.customer.with_user(self.salesman).write({"phone": "+86 139 0000 1111"})
        # Something unrelated still saves.
        lead = Lead.create({"name": "Fresh", "email_from": "new@example.com", "user_id": self.salesman.id})
        self.assertTrue(lead)

    def test_warn_mode_saves(self):
        self.set_mode("warn")
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create({"name": "Copy", "phone": "13900001111", "user_id": self.salesman.id})
        )
        self.assertIn("杭州恒达精工有限公司", lead.duplicate_warning)
