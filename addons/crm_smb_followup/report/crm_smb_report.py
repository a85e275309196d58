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
    # {rate field: (reached field, base field)}: rates aggregated over a group as the ratio
    # of its sums, in percent (declare them `aggregator="avg"`), never the mean of the rows
    _ratio_fields = {}

    def _read_group_select(self, aggregate_spec, query):
        name, _sep, func = aggregate_spec.partition(":")
        if func != "avg" or name not in self._ratio_fields:
            return super()._read_group_select(aggregate_spec, query)
        reached, total = (self._field_to_sql(self._table, fname, query) for fname in self._ratio_fields[name])
        return SQL(
            "CASE WHEN SUM(%(total)s) > 0 THEN 100.0 * SUM(%(reached)s) / SUM(%(total)s) END",
            reached=reached,
            total=total,
        )

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
