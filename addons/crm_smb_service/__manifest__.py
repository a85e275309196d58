{
    "name": "CRM SMB Service",
    "summary": "Service requests and complaints with SLAs on working calendars, "
    "email and portal intake, assignment, escalation and satisfaction ratings",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-smb/crm-smb-suite",
    "author": "CRM SMB Suite",
    "license": "LGPL-3",
    "depends": ["crm_smb_followup", "portal", "rating", "resource"],
    "data": [
        "security/crm_smb_service_security.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "installable": True,
}
