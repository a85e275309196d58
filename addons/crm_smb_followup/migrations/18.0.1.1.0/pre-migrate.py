"""The analyses of customers, follow-up stages, the pipeline and the pools, the XLSX export and
the Decision Support menu moved here from crm_smb_reports; the analyses now read through
_table_query, so their old SQL views go."""

from odoo.tools import drop_view_if_exists

from odoo.addons.crm_smb_followup.tools import move_xmlids

VIEWS = (
    "crm_smb_customer_report",
    "crm_smb_stage_report",
    "crm_smb_pipeline_report",
    "crm_smb_pool_activity_report",
    "crm_smb_pool_size_report",
)


def migrate(cr, version):
    for view in VIEWS:
        drop_view_if_exists(cr, view)
    move_xmlids(
        cr,
        "crm_smb_reports",
        "crm_smb_followup",
        names=(
            "decision_support_menu",
            "crm_smb_followup_action_analysis",
            "crm_smb_followup_view_list_analysis",
            "crm_smb_followup_analysis_menu",
        ),
        pattern=r"crm_smb_(customer|stage|pipeline|pool_activity|pool_size)_report|crm_smb_xlsx_export_mixin",
    )
