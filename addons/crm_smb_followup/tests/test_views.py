from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestViewDates(TransactionCase):
    def test_lists_and_forms_show_no_seconds(self):
        """Every date-and-time the suite shows in a list or a form is cut to the minute or the day.

        A follow-up at "2026-12-01 15:06:42" reads as noise; deadlines are meant to the minute and
        claim or follow-up dates to the day. Inherited views (xpath) count too.
        """
        view_ids = (
            self.env["ir.model.data"]
            .search([("model", "=", "ir.ui.view"), ("module", "=like", "crm_smb_%")])
            .mapped("res_id")
        )
        offenders = []
        for view in self.env["ir.ui.view"].browse(view_ids):
            model = self.env.get(view.model)
            if model is None or view.type not in ("list", "form"):
                continue
            arch = etree.fromstring(view.arch_db.encode())
            for node in arch.iter("field"):
                if node.get("position"):
                    continue  # an inherited view's locator, not a field shown
                field_model = model
                for ancestor in reversed(
                    [a for a in node.iterancestors() if a.tag == "field" and not a.get("position")]
                ):
                    field_model = self.env[field_model._fields[ancestor.get("name")].comodel_name]
                field = field_model._fields.get(node.get("name"))
                if not field or field.type != "datetime" or node.get("invisible") == "1":
                    continue
                options = node.get("options") or ""
                if "show_seconds" not in options and "show_time" not in options:
                    offenders.append(f"{view.xml_id}: {field_model._name}.{field.name}")
        self.assertFalse(offenders, "date-and-time shown with seconds")
