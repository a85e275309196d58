import functools
import subprocess

from odoo import models
from odoo.tools import pdf

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

# Reports printed for many records at once are rendered by batches and merged:
# one wkhtmltopdf run for 500+ customers is slow and memory-hungry.
PDF_BATCH = 100
BATCHED_REPORTS = {
    "crm_smb_reports.report_customer_360",
    "crm_smb_reports.report_service_request_sheet",
    "crm_smb_reports.report_salesperson_period",
}


@functools.cache
def wkhtmltopdf_has_patched_qt():
    """wkhtmltopdf built without the patched Qt (e.g. Debian's) renders one document per run only."""
    try:
        version = subprocess.run(  # noqa: S603 - fixed argv, no shell: the binary Odoo itself runs
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "patched qt" in version


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        report = self._get_report(report_ref)
        ids = [res_ids] if isinstance(res_ids, int) else list(res_ids or [])
        batch = PDF_BATCH if wkhtmltopdf_has_patched_qt() else 1
        if report.report_name not in BATCHED_REPORTS or len(ids) <= batch:
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        parts = []
        for start in range(0, len(ids), batch):
            content, content_type = super()._render_qweb_pdf(
                report_ref, res_ids=ids[start : start + batch], data=dict(data or {})
            )
            if content_type != "pdf":  # HTML while tests do not force PDF rendering
                return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
            parts.append(content)
        return pdf.merge_pdf(parts), "pdf"
