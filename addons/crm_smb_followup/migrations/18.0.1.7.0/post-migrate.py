"""The Visit channel of the suite's data (a noupdate record) is marked as the visit channel."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE crm_smb_followup_channel SET is_visit = TRUE
        WHERE id = (SELECT res_id FROM ir_model_data
                    WHERE module = 'crm_smb_followup' AND name = 'channel_visit')
        """
    )
