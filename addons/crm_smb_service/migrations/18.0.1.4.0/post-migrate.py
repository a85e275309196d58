"""References read SR2026-00001, as the documents and the mail template show (the sequence is
noupdate data)."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_sequence SET prefix = 'SR%(year)s-'
         WHERE code = 'crm.smb.service.request' AND prefix = 'SR%(year)s'
        """
    )
