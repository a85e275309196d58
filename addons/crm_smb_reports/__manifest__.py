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
        "security/crm_smb_reports_security.xml",
    ],
    "installable": True,
}
