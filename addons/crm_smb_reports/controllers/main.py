from odoo import http
from odoo.http import content_disposition, request


class CrmSmbXlsxController(http.Controller):
    @http.route("/crm_smb_reports/xlsx/<string:model>", type="http", auth="user")
    def export_xlsx(self, model, ids="", **kw):
        env = request.env
        if (
            model not in env
            or env[model]._abstract
            or not isinstance(env[model], env.registry["crm.smb.xlsx.export.mixin"])
        ):
            raise request.not_found()
        record_ids = [int(i) for i in ids.split(",") if i.isdigit()]
        records = env[model].browse(record_ids)
        content = records._xlsx_content() if records else env[model]._xlsx_content()
        filename = f"{env[model]._xlsx_title()}.xlsx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
