import io
from datetime import datetime

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_smb_followup.models.crm_smb_pool_mixin import MASKED_FIELDS, mask_value

SHEET_MAX_ROWS = 1_048_576
BATCH = 2000


class CrmSmbXlsxExportMixin(models.AbstractModel):
    """XLSX export of an analysis or a list: built row by row in constant memory.

    User text is never a formula (strings_to_formulas off), numbers and dates keep
    their types and formats, the header is frozen with an autofilter, numeric
    columns get a total, and more rows than a sheet holds is refused clearly.
    """

    _name = "crm.smb.xlsx.export.mixin"
    _description = "XLSX Export"
    _xlsx_fields = ()  # field names, in column order

    def action_export_xlsx(self):
        """Selected records, or everything the user may read when nothing is selected."""
        ids = ",".join(str(i) for i in self.ids)
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_smb_reports/xlsx/{self._name}?ids={ids}",
            "target": "self",
        }

    def _xlsx_title(self):
        return self._description

    def _xlsx_content(self, domain=None):
        """The workbook's bytes for `domain` (or these records)."""
        model = self.with_context(active_test=False) if self else self
        domain = [("id", "in", self.ids)] if self else (domain or [])
        workbook, output, formats = self._xlsx_workbook()
        self._xlsx_sheet(
            workbook, formats, self._xlsx_title(), model, domain=domain, field_names=self._xlsx_fields
        )
        workbook.close()
        return output.getvalue()

    @api.model
    def _xlsx_workbook(self):
        """A constant-memory workbook that never turns text into formulas, with its formats."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "in_memory": False,
            },
        )
        formats = {
            "header": workbook.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "integer": workbook.add_format({"num_format": "0"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "total": workbook.add_format({"bold": True, "num_format": "#,##0.00", "top": 1}),
        }
        return workbook, output, formats

    @api.model
    def _xlsx_sheet(self, workbook, formats, title, model, *, domain, field_names):
        """Write the records of `model` matching `domain` on a new sheet, batch by batch.

        `model` may be any model: contact details masked by a public pool stay masked.
        """
        count = model.search_count(domain)
        if count + 2 > SHEET_MAX_ROWS:  # header and total rows
            raise UserError(
                self.env._(
                    "%(count)s rows do not fit in one Excel sheet (at most %(max)s): "
                    "narrow the filters first.",
                    count=count,
                    max=SHEET_MAX_ROWS - 2,
                )
            )
        fields_ = [model._fields[name] for name in field_names if name in model._fields]
        masking = not self.env.su and hasattr(model, "_pool_should_mask")
        masked = [masking and field.name in MASKED_FIELDS for field in fields_]
        sheet = workbook.add_worksheet(title[:31])
        labels = [field.get_description(self.env)["string"] for field in fields_]
        for col, label in enumerate(labels):
            sheet.set_column(col, col, max(12, min(40, len(label) * 2 + 4)))
            sheet.write_string(0, col, label, formats["header"])
        sheet.freeze_panes(1, 0)
        row = 1
        last_id = 0
        while True:
            batch = model.search([*domain, ("id", ">", last_id)], order="id", limit=BATCH)
            if not batch:
                break
            last_id = batch[-1].id
            for record in batch:
                hide = any(masked) and record._pool_should_mask()
                for col, field in enumerate(fields_):
                    value = record[field.name]
                    if hide and masked[col]:
                        value = mask_value(value)
                    self._xlsx_write(sheet, (row, col), field, value, formats)
                row += 1
            batch.invalidate_recordset()
        if row > 1:
            sheet.autofilter(0, 0, row - 1, len(fields_) - 1)
            for col, field in enumerate(fields_):
                if field.type in ("float", "monetary", "integer") and field.aggregator == "sum":
                    letter = xlsxwriter.utility.xl_col_to_name(col)
                    sheet.write_formula(row, col, f"=SUBTOTAL(9,{letter}2:{letter}{row})", formats["total"])
        return sheet

    def _xlsx_write(self, sheet, cell, field, value, formats):
        row, col = cell
        if field.type in ("many2one",):
            sheet.write_string(row, col, value.display_name or "")
        elif field.type in ("many2many", "one2many"):
            sheet.write_string(row, col, ", ".join(value.mapped("display_name")))
        elif field.type == "selection":
            labels = dict(field._description_selection(self.env))
            sheet.write_string(row, col, labels.get(value, "") if value else "")
        elif field.type in ("float", "monetary"):
            sheet.write_number(row, col, value or 0.0, formats["money"])
        elif field.type == "integer":
            sheet.write_number(row, col, value or 0, formats["integer"])
        elif field.type == "datetime" and value:
            local = fields.Datetime.context_timestamp(self, value).replace(tzinfo=None)
            sheet.write_datetime(row, col, local, formats["datetime"])
        elif field.type == "date" and value:
            sheet.write_datetime(row, col, datetime.combine(value, datetime.min.time()), formats["date"])
        elif field.type == "boolean":
            sheet.write_boolean(row, col, bool(value))
        else:
            sheet.write_string(row, col, str(value) if value else "")
