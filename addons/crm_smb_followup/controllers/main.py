import json

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request, serialize_exception
from odoo.tools import html_escape


class CrmSmbXlsxController(http.Controller):
    @http.route("/crm_smb/xlsx/<string:model>", type="http", auth="user", methods=["GET", "POST"])
    def export_xlsx(self, model, ids="", domain="", **kw):
        """The workbook of the records `ids` (comma-separated), else of `domain` (JSON), else of all
        the records the user may read. The export button posts its ids (with the CSRF token), so
        that any number of them fits in the request."""
        env = request.env
        if (
            model not in env
            or env[model]._abstract
            or not isinstance(env[model], env.registry["crm.smb.xlsx.export.mixin"])
        ):
            raise request.not_found()
        Model = env[model]
        try:
            Model._xlsx_check_export_right()
            record_ids = [int(i) for i in ids.split(",") if i.strip().isdigit()]
            if record_ids:
                content = Model.browse(record_ids)._xlsx_content()
            else:
                content = Model._xlsx_content(domain=self._domain(Model, domain))
        except (AccessError, UserError) as exc:
            # As Odoo's export routes answer: the web client's download shows the error's message.
            payload = json.dumps(
                {"code": 200, "message": "Odoo Server Error", "data": serialize_exception(exc)}
            )
            return request.make_response(
                html_escape(payload),
                headers=[("Content-Type", "text/html; charset=utf-8")],
                status=403 if isinstance(exc, AccessError) else 400,
            )
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition(f"{Model._xlsx_title()}.xlsx")),
            ],
        )

    @staticmethod
    def _domain(Model, text):
        """The domain posted as JSON (the list's own), checked to be one on `Model`'s fields."""
        if not text:
            return []
        try:
            domain = json.loads(text)
            if not isinstance(domain, list):
                raise TypeError(domain)
            Model._search(domain)  # builds the query: unknown fields and operators are refused here
        except (ValueError, TypeError, AssertionError, KeyError) as exc:
            raise UserError(
                Model.env._("This list's filter cannot be exported; remove it or choose the records.")
            ) from exc
        return domain
