import io
from datetime import datetime

import pytz
import xlsxwriter

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

SHEET_MAX_ROWS = 1_048_576
BATCH = 2000
NAMES_KEPT = 100_000  # display names kept per linked model during an export (a customer has many rows)
# Stored field types read straight from their column (one query per batch); the others,
# and translated or company-dependent fields, are read through the ORM.
SQL_TYPES = frozenset(
    (
        "boolean",
        "char",
        "date",
        "datetime",
        "float",
        "html",
        "integer",
        "many2one",
        "monetary",
        "selection",
        "text",
    )
)


class CrmSmbXlsxExportMixin(models.AbstractModel):
    """XLSX export of an analysis or a list: built row by row in constant memory.

    User text is never a formula (strings_to_formulas off), numbers and dates keep
    their types and formats, the header is frozen with an autofilter, numeric
    columns get a total, and more rows than a sheet holds is refused clearly.
    """

    _name = "crm.smb.xlsx.export.mixin"
    _description = "XLSX Export"
    _xlsx_fields = ()  # field names, in column order
    _xlsx_export_right = True  # needs Odoo's export right (base.group_allow_export), as the list export

    def action_export_xlsx(self):
        """Download the selected records, or what the list shows (its domain) when nothing is selected.

        The workbook is posted for (with the CSRF token) by a client action, so that any number of
        selected records fits in the request.
        """
        self._xlsx_check_export_right()
        return {
            "type": "ir.actions.client",
            "tag": "crm_smb_followup.xlsx_download",
            "params": {
                "model": self._name,
                "ids": self.ids,
                "domain": [] if self else self.env.context.get("active_domain") or [],
            },
        }

    @api.model
    def _xlsx_check_export_right(self):
        """Refuse users without Odoo's export right, as Odoo's own export does."""
        if (
            self._xlsx_export_right
            and not self.env.is_admin()
            and not self.env.user.has_group("base.group_allow_export")
        ):
            raise AccessError(
                self.env._("You don't have the rights to export data. Please contact an Administrator.")
            )

    def _xlsx_title(self):
        """The workbook's title and file name: the model's name in the user's language."""
        return self.env["ir.model"]._get(self._name).name or self._description

    def _xlsx_content(self, domain=None):
        """The workbook's bytes for `domain` (or these records)."""
        model = self.with_context(active_test=False) if self else self
        workbook, output, formats = self._xlsx_workbook()
        self._xlsx_sheet(
            workbook,
            formats,
            self._xlsx_title(),
            model.browse(),
            domain=[] if self else (domain or []),
            field_names=self._xlsx_fields,
            ids=self.ids or None,
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
    def _xlsx_sheet(self, workbook, formats, title, model, *, domain, field_names, ids=None):
        """Write the records of `model` matching `domain` (among `ids` if given) on a new sheet.

        `model` may be any model. Rows come in id order, batch by batch: one query per batch
        reads the stored columns (record rules applied by `_search`), the other fields go
        through the ORM, and the cache is emptied after each batch so that memory stays flat.
        """
        model = model.browse()
        model.check_access("read")
        fields_ = [model._fields[name] for name in field_names if name in model._fields]
        model.check_field_access_rights("read", [field.name for field in fields_])
        self.env.flush_all()  # the columns are read in SQL
        chunks = None if ids is None else self._xlsx_chunks(ids)
        self._xlsx_check_size(model, domain, chunks)
        writers = [self._xlsx_writer(field, formats) for field in fields_]
        # Written even when empty, as before: False for booleans, 0 for numbers.
        keep_empty = [field.type in ("boolean", "float", "monetary", "integer") for field in fields_]
        sheet = workbook.add_worksheet(title[:31])
        for col, field in enumerate(fields_):
            label = field.get_description(self.env)["string"]
            sheet.set_column(col, col, max(12, min(40, len(label) * 2 + 4)))
            sheet.write_string(0, col, label, formats["header"])
        sheet.freeze_panes(1, 0)
        row = 1
        for rows in self._xlsx_batches(model, domain, chunks, fields_):
            for values in rows:
                for col, write in enumerate(writers):
                    value = values[col + 1]
                    if value or keep_empty[col]:  # nothing written in empty cells
                        write(sheet, row, col, value)
                row += 1
            self.env.invalidate_all()
        if row > 1:
            sheet.autofilter(0, 0, row - 1, len(fields_) - 1)
            for col, field in enumerate(fields_):
                if field.type in ("float", "monetary", "integer") and field.aggregator == "sum":
                    letter = xlsxwriter.utility.xl_col_to_name(col)
                    sheet.write_formula(row, col, f"=SUBTOTAL(9,{letter}2:{letter}{row})", formats["total"])
        return sheet

    @api.model
    def _xlsx_chunks(self, ids):
        """`ids`, sorted and without duplicates, in batches."""
        ids = sorted(set(ids))
        return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]

    @api.model
    def _xlsx_check_size(self, model, domain, chunks):
        """Refuse clearly more rows than a sheet holds (with its header and total rows)."""
        count = model.search_count(domain) if chunks is None else sum(map(len, chunks))
        if count + 2 > SHEET_MAX_ROWS and chunks is not None:  # only those matching the domain count
            count = sum(model.search_count([*domain, ("id", "in", chunk)]) for chunk in chunks)
        if count + 2 > SHEET_MAX_ROWS:
            raise UserError(
                self.env._(
                    "%(count)s rows do not fit in one Excel sheet (at most %(max)s): "
                    "narrow the filters first.",
                    count=count,
                    max=SHEET_MAX_ROWS - 2,
                )
            )

    @api.model
    def _xlsx_batches(self, model, domain, chunks, fields_):
        """The rows [id, value of each field] of the records to export, a batch at a time, by id.

        Without `chunks` (of ids), the records matching `domain` are walked by id ranges; the
        display names of linked records are kept from one batch to the next.
        """
        in_sql = [self._xlsx_in_sql(model, field) for field in fields_]
        names = {}  # {comodel: {id: display name}}
        if chunks is not None:
            for chunk in chunks:
                query = model._search([*domain, ("id", "in", chunk)], order="id")
                rows = self._xlsx_rows(model, query, fields_, in_sql, names)
                if rows:
                    yield rows
            return
        last_id = 0
        while True:
            query = model._search([*domain, ("id", ">", last_id)], order="id", limit=BATCH)
            rows = self._xlsx_rows(model, query, fields_, in_sql, names)
            if not rows:
                return
            last_id = rows[-1][0]
            yield rows

    @api.model
    def _xlsx_in_sql(self, model, field):
        """Whether `field` of `model` is read from its column rather than through the ORM."""
        return bool(
            field.store
            and field.column_type
            and field.type in SQL_TYPES
            and not field.translate
            and not field.company_dependent
            and field.model_name == model._name
        )

    @api.model
    def _xlsx_rows(self, model, query, fields_, in_sql, names):
        """[(id, value of each field)] of the records of `query`, as the ORM would give them."""
        table = model._table
        columns = [
            model._field_to_sql(table, field.name, query)
            for field, sql in zip(fields_, in_sql, strict=True)
            if sql
        ]
        rows = self.env.execute_query(query.select(SQL.identifier(table, "id"), *columns))
        if not rows:
            return rows
        records = model.browse([row[0] for row in rows])
        result = [[row[0]] for row in rows]
        index = 1
        for field, sql in zip(fields_, in_sql, strict=True):
            if sql:
                column = [row[index] for row in rows]
                index += 1
                values = self._xlsx_column_from_sql(model, field, column, names)
            else:
                values = [self._xlsx_value(field, record[field.name]) for record in records]
            for values_, value in zip(result, values, strict=True):
                values_.append(value)
        return result

    @api.model
    def _xlsx_column_from_sql(self, model, field, column, names):
        """The cell values of one column read in SQL; `names` keeps the display names found."""
        if field.type == "many2one":
            known = names.setdefault(field.comodel_name, {})
            missing = {value for value in column if value and value not in known}
            if missing:
                if len(known) + len(missing) > NAMES_KEPT:
                    known.clear()
                    missing = {value for value in column if value}
                # Display names only: not the whole row of each customer or lead kept in cache.
                # Named as superuser, as Odoo's read names a many2one: who may read the row may
                # read the name of what it links to (a customer waiting in a pool, say).
                comodel = model.env[field.comodel_name].sudo().with_context(prefetch_fields=False)
                known.update((record.id, record.display_name or "") for record in comodel.browse(missing))
            return [known[value] if value else "" for value in column]
        if field.type in ("float", "monetary"):
            return [float(value) if value is not None else 0.0 for value in column]
        if field.type == "integer":
            return [value or 0 for value in column]
        if field.type == "boolean":
            return [bool(value) for value in column]
        return column

    @api.model
    def _xlsx_value(self, field, value):
        """The cell value of a field read through the ORM: display names for relations."""
        if field.type == "many2one":
            return value.sudo().display_name or ""  # as Odoo's read names a many2one
        if field.type in ("many2many", "one2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type in ("float", "monetary"):
            return value or 0.0
        if field.type == "integer":
            return value or 0
        return value

    @api.model
    def _xlsx_writer(self, field, formats):
        """The function writing a (non-empty) cell of `field`: (sheet, row, col, value)."""
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))

            def write_selection(sheet, row, col, value):
                label = labels.get(value, "")
                if label:
                    sheet.write_string(row, col, label)

            return write_selection
        if field.type in ("float", "monetary", "integer"):
            number_format = formats["integer" if field.type == "integer" else "money"]
            return lambda sheet, row, col, value: sheet.write_number(row, col, value, number_format)
        if field.type == "datetime":
            tz = self._xlsx_tz()
            datetime_format = formats["datetime"]

            def write_datetime(sheet, row, col, value):
                local = pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
                sheet.write_datetime(row, col, local, datetime_format)

            return write_datetime
        if field.type == "date":
            date_format = formats["date"]
            return lambda sheet, row, col, value: sheet.write_datetime(
                row, col, datetime.combine(value, datetime.min.time()), date_format
            )
        if field.type == "boolean":
            return lambda sheet, row, col, value: sheet.write_boolean(row, col, bool(value))
        return lambda sheet, row, col, value: sheet.write_string(row, col, str(value))

    @api.model
    def _xlsx_tz(self):
        """The user's time zone, as `fields.Datetime.context_timestamp` finds it (UTC if none)."""
        try:
            return pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        except pytz.UnknownTimeZoneError:
            return pytz.utc
