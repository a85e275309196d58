"""The service analysis moved here from crm_smb_reports; it now reads through _table_query,
so its old SQL view goes."""

from odoo.tools import drop_view_if_exists

from odoo.addons.crm_smb_followup.tools import move_xmlids


def migrate(cr, version):
    drop_view_if_exists(cr, "crm_smb_service_report")
    move_xmlids(
        cr,
        "crm_smb_reports",
        "crm_smb_service",
        names=(
            "service_analysis_menu",
            "service_analysis_requests_menu",
            "service_analysis_satisfaction_menu",
            "service_analysis_complaints_menu",
        ),
        pattern=r"crm_smb_service_report",
    )
