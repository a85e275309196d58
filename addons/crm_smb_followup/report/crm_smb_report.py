from odoo import models
from odoo.tools import SQL


class CrmSmbReport(models.AbstractModel):
    """An analysis: read-only rows of one SQL query, exported to Excel like a list.

    The query is built from pieces (`_with`, `_select`, `_from`, `_where`, `_group_by`), as
    core's `sale.report` builds its own, so that another module can extend one of them.
    Analyses set `_auto = False` and declare their `_depends`.
    """

    _name = "crm.smb.report"
    _description = "Analysis"
    _inherit = ["crm.smb.xlsx.export.mixin"]

    @property
    def _table_query(self):
        pieces = (self._with(), self._select(), self._from(), self._where(), self._group_by())
        return SQL(" ").join(piece for piece in pieces if piece)

    def _with(self):
        return SQL()

    def _select(self):
        raise NotImplementedError

    def _from(self):
        raise NotImplementedError

    def _where(self):
        return SQL()

    def _group_by(self):
        return SQL()
