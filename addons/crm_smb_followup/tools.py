"""Installing the suite onto a database that already holds customers and leads, and upgrading it."""

from odoo.tools import SQL, sql


def create_columns(model, fnames):
    """Create the columns of the stored computed fields `fnames` of `model` that do not exist yet,
    so that the ORM does not compute them for every existing row at install (as core's
    `sale_service` does for `is_service`); return the names of the columns created.

    Only for fields whose compute gives nothing on rows that existed before the module (no pool,
    rule, follow-up or birthday exists yet). A table created by this very install has no rows:
    the ORM creates it.
    """
    cr = model.env.cr
    if not sql.table_exists(cr, model._table):
        return []
    created = []
    for fname in fnames:
        field = model._fields[fname]
        if not sql.column_exists(cr, model._table, field.name):
            sql.create_column(cr, model._table, field.name, field.column_type[1])
            created.append(field.name)
    return created


def create_column_with_default(model, fname, value):
    """Create the column of `fname` with `value` in every existing row without rewriting the
    table (PostgreSQL keeps a constant default of a new column in the catalog), where Odoo
    would run an UPDATE of every row; new rows get their default from the ORM, as usual."""
    cr = model.env.cr
    field = model._fields[fname]
    if not sql.table_exists(cr, model._table) or sql.column_exists(cr, model._table, field.name):
        return
    table, column = SQL.identifier(model._table), SQL.identifier(field.name)
    cr.execute(
        SQL("ALTER TABLE %s ADD COLUMN %s %s DEFAULT %s", table, column, SQL(field.column_type[1]), value)
    )
    cr.execute(SQL("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", table, column))


def move_xmlids(cr, from_module, to_module, names=(), pattern=None):
    """Give the records of `from_module` named `names` (or matching the regular expression
    `pattern`) to `to_module`, for an upgrade in which they moved there: they keep their ids
    (menus, bookmarks, favourites, rules)."""
    cr.execute(
        SQL(
            """
            UPDATE ir_model_data SET module = %(target)s
             WHERE module = %(source)s AND (name IN %(names)s OR name ~ %(pattern)s)
               AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                                WHERE d.module = %(target)s AND d.name = ir_model_data.name)
            """,
            source=from_module,
            target=to_module,
            names=tuple(names) or ("",),
            pattern=pattern or "^$",
        )
    )
