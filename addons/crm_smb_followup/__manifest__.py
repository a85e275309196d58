{
    "name": "CRM SMB Follow-ups",
    "summary": "Follow-up records and stages on customers and leads, reminders, "
    "duplicate check, handover and public pools",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-smb/crm-smb-suite",
    "author": "CRM SMB Suite",
    "license": "LGPL-3",
    "depends": ["crm", "contacts", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_smb_followup_security.xml",
        "data/crm_smb_followup_stage_data.xml",
        "data/crm_smb_followup_channel_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "wizards/crm_smb_handover_wizard_views.xml",
        "views/crm_smb_followup_stage_views.xml",
        "views/crm_smb_followup_views.xml",
        "views/res_partner_templates.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_smb_handover_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_smb_followup_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_smb_followup/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
