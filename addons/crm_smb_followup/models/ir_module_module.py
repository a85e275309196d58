from markupsafe import escape

from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _crm_smb_demo_load_terms(self):
        """Load the module's translations before its demo data is created.

        Odoo loads a module's terms after its demo data: the demo's service mail, stage
        changes and creation messages would be written before the module's Chinese exists.
        Called from the first demo file of each suite module; loading again afterwards (as
        Odoo does) changes nothing.
        """
        self._update_translations()

    def _crm_smb_demo_localize_history(self):
        """Rewrite in the administrator's language what the module's installation logged.

        XML data is loaded without a language: a record created from it logs "Follow-up 创建"
        (the model's English name inside the translated sentence) and its tracked stage
        changes keep the English stage names. Called from the last demo file of each suite
        module, on the messages written by its installation (this transaction).
        """
        lang = self.env.ref("base.user_admin").lang
        if not lang or lang == "en_US":
            return
        # Pending computations and change tracking first, in the data's (absent) language as
        # Odoo would do them at commit; done later, under the administrator's language, they
        # would log language differences as changes.
        self.env.flush_all()
        self.env.cr.precommit.run()
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("create_date", "=", self.env.cr.now()), ("model", "!=", False), ("res_id", "!=", 0)])
        )
        for message in messages:
            if message.model not in self.env:
                continue
            record = self.env[message.model].browse(message.res_id).exists()
            if not record:
                continue
            if hasattr(record, "_creation_message"):
                logged = escape(record.with_context(lang=None)._creation_message())
                if logged and logged in (message.body or ""):
                    localized = escape(record.with_context(lang=lang)._creation_message())
                    message.body = message.body.replace(logged, localized)
            for tracking in message.tracking_value_ids:
                self._crm_smb_localize_tracking(record, tracking, lang)
            message.invalidate_recordset(["tracking_value_ids"])
            if not message.tracking_value_ids and not message.body and not message.attachment_ids:
                message.unlink()

    def _crm_smb_localize_tracking(self, record, tracking, lang):
        field = record._fields.get(tracking.field_id.name)
        if not field:
            return
        values = {}
        if field.type == "many2one":
            comodel = self.env[field.comodel_name].with_context(lang=lang)
            for side in ("old", "new"):
                record_id = tracking[f"{side}_value_integer"]
                if record_id and tracking[f"{side}_value_char"]:
                    record = comodel.browse(record_id).exists()
                    if record:
                        values[f"{side}_value_char"] = record.display_name
        elif field.type == "selection":
            english = {label: value for value, label in field._description_selection(self.env(context={}))}
            translated = dict(field._description_selection(self.env(context={"lang": lang})))
            for side in ("old", "new"):
                label = tracking[f"{side}_value_char"]
                if label in english:
                    values[f"{side}_value_char"] = translated[english[label]]
        elif field.type == "char" and tracking.new_value_char == self._crm_smb_read(record, field, None):
            # a computed text (an inline address) tracked as it reads now, in English
            values["new_value_char"] = self._crm_smb_read(record, field, lang)
            if values["new_value_char"] == tracking.old_value_char:
                tracking.sudo().unlink()  # only the language changed, not the value
                return
        if values:
            tracking.sudo().write(values)

    def _crm_smb_read(self, record, field, lang):
        """The field as it reads in `lang` (a computed text, and what it is computed from, is
        cached once for every language)."""
        if not field.store:
            record.invalidate_recordset()
        return record.with_context(lang=lang)[field.name]
