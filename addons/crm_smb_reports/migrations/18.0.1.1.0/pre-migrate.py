"""The analyses are read through _table_query: the SQL views the module created go."""

from odoo.tools import drop_view_if_exists

VIEWS = ("crm_smb_sales_report", "crm_smb_collection_report", "crm_smb_collection_period_report")


def migrate(cr, version):
    for view in VIEWS:
        drop_view_if_exists(cr, view)
