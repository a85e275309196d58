"""The service analysis moved here from crm_smb_reports: its records keep their ids (menus,
bookmarks, favourites) under this module's name."""

from odoo.tools import drop_view_if_exists

MOVED_NAMES = (
    "service_analysis_menu",
    "service_analysis_requests_menu",
    "service_analysis_satisfaction_menu",
    "service_analysis_complaints_menu",
)
VIEWS = ("crm_smb_service_report",)  # now read through _table_query: the old SQL views go
MOVED_PATTERN = r"crm_smb_service_report"


def migrate(cr, version):
    for view in VIEWS:
        drop_view_if_exists(cr, view)
    cr.execute(
        """
        UPDATE ir_model_data SET module = 'crm_smb_service'
         WHERE module = 'crm_smb_reports' AND (name IN %s OR name ~ %s)
           AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                            WHERE d.module = 'crm_smb_service' AND d.name = ir_model_data.name)
        """,
        [MOVED_NAMES, MOVED_PATTERN],
    )
