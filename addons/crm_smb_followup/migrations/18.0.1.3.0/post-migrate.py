"""The duplicate keys moved off the customers' and leads' rows to crm.smb.duplicate.key (filled
by that model's `init` during this update): the old columns go."""


def migrate(cr, version):
    for table in ("res_partner", "crm_lead"):
        cr.execute(
            f"""
            ALTER TABLE {table}
                DROP COLUMN IF EXISTS dup_phone_key,
                DROP COLUMN IF EXISTS dup_mobile_key,
                DROP COLUMN IF EXISTS dup_name_key
            """
        )
