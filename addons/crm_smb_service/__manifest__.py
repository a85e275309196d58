{
    "name": "CRM SMB Service",
    "summary": "Service requests and complaints with SLAs on working calendars, "
    "email and portal intake, assignment, escalation and satisfaction ratings",
    "version": "18.0.1.4.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-smb/crm-smb-suite",
    "author": "CRM SMB Suite",
    "license": "LGPL-3",
    "depends": ["crm_smb_followup", "portal", "rating", "resource"],
    "data": [
        "security/crm_smb_service_security.xml",
        "security/ir.model.access.csv",
        "data/crm_smb_service_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_smb_service_request_views.xml",
        "views/crm_smb_service_config_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "report/crm_smb_service_report_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/crm_smb_service_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_smb_service/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
