{
    "name": "CRM SMB Reports",
    "summary": "Decision-support analyses, PDF reports, XLSX exports, "
    "data-health explanations and a KPI digest",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-smb/crm-smb-suite",
    "author": "CRM SMB Suite",
    "license": "LGPL-3",
    "depends": ["crm_smb_followup", "crm_smb_service", "sale_management", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_smb_reports_security.xml",
        "wizards/crm_smb_data_check_views.xml",
        "views/crm_smb_collection_report_views.xml",
        "views/crm_smb_sales_report_views.xml",
    ],
    "installable": True,
}
