"""The analyses of customers, follow-up stages, the pipeline and the pools, the XLSX export and
the Decision Support menu moved here from crm_smb_reports: their records keep their ids (menus,
bookmarks, favourites) under this module's name."""

from odoo.tools import drop_view_if_exists

MOVED_NAMES = (
    "decision_support_menu",
    "crm_smb_followup_action_analysis",
    "crm_smb_followup_view_list_analysis",
    "crm_smb_followup_analysis_menu",
)
VIEWS = (
    "crm_smb_customer_report",
    "crm_smb_stage_report",
    "crm_smb_pipeline_report",
    "crm_smb_pool_activity_report",
    "crm_smb_pool_size_report",
)  # now read through _table_query: the old SQL views go
MOVED_PATTERN = r"crm_smb_(customer|stage|pipeline|pool_activity|pool_size)_report|crm_smb_xlsx_export_mixin"


def migrate(cr, version):
    for view in VIEWS:
        drop_view_if_exists(cr, view)
    cr.execute(
        """
        UPDATE ir_model_data SET module = 'crm_smb_followup'
         WHERE module = 'crm_smb_reports' AND (name IN %s OR name ~ %s)
           AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                            WHERE d.module = 'crm_smb_followup' AND d.name = ir_model_data.name)
        """,
        [MOVED_NAMES, MOVED_PATTERN],
    )
