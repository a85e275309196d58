"""Service users also see the requests they registered (the record rule is not updated by itself:
it is in a noupdate block)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("crm_smb_service.crm_smb_service_request_rule_user", raise_if_not_found=False)
    if rule:
        rule.write(
            {
                "name": "Service request: users see their own, their teams' and those they registered",
                "domain_force": "['|', '|', '|', '|', ('user_id', '=', user.id), ('user_id', '=', False), "
                "('team_id.member_ids', 'in', [user.id]), ('team_id.leader_id', '=', user.id), "
                "('create_uid', '=', user.id)]",
            }
        )
