"""Installing the suite onto a database that already holds customers and leads, and upgrading it."""

from odoo.tools import SQL, sql

FILL_BATCH = 10_000


def create_columns(model, fnames):
    """Create the columns of the stored computed fields `fnames` of `model` that do not exist yet,
    so that the ORM does not compute them for every existing row at install (as core's
    `sale_service` does for `is_service`); return the names of the columns created.

    Only for fields whose compute gives nothing on rows that existed before the module (no pool,
    rule, follow-up or birthday exists yet), or that `fill_columns` fills. A table created by
    this very install has no rows: the ORM creates it.
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


def fill_columns(model, fnames, sources, compute):
    """Fill the columns of the new fields `fnames` of existing rows from other columns of the
    same rows: `sources` are SQL expressions over the row, `compute(*values)` returns the
    values of `fnames` for a row.

    The values are computed in batches (memory does not grow with the table) into a temporary
    table, then set by one rewrite of the table (`ALTER COLUMN ... TYPE ... USING`), which
    rebuilds each index once instead of updating every index for every row as an UPDATE does
    (a lead has some thirty indexes: 300,000 leads took 16 s by UPDATE, 7 s so).
    """
    cr = model.env.cr
    table = SQL.identifier(model._table)
    fields_ = [model._fields[fname] for fname in fnames]
    cr.execute(
        SQL(
            "CREATE TEMPORARY TABLE crm_smb_fill (id int PRIMARY KEY, %s) ON COMMIT DROP",
            SQL(", ").join(SQL("%s %s", SQL.identifier(f.name), SQL(f.column_type[1])) for f in fields_),
        )
    )
    last_id, filled = 0, set()
    while True:
        cr.execute(
            SQL(
                "SELECT id, %s FROM %s WHERE id > %s ORDER BY id LIMIT %s",
                SQL(", ").join(sources),
                table,
                last_id,
                FILL_BATCH,
            )
        )
        rows = cr.fetchall()
        if not rows:
            break
        last_id = rows[-1][0]
        values = [(row[0], *compute(*row[1:])) for row in rows]
        values = [row for row in values if any(value is not None for value in row[1:])]
        if values:
            columns = list(zip(*values, strict=True))
            filled.update(f for f, column in zip(fields_, columns[1:], strict=True) if any(column))
            cr.execute(
                SQL(
                    "INSERT INTO crm_smb_fill SELECT * FROM unnest(%s::int[], %s)",
                    list(columns[0]),
                    SQL(", ").join(
                        SQL("%s::%s[]", list(column), SQL(field.column_type[1]))
                        for column, field in zip(columns[1:], fields_, strict=True)
                    ),
                )
            )
    fields_ = [field for field in fields_ if field in filled]  # the others stay empty
    if fields_:
        for field in fields_:
            cr.execute(
                SQL(
                    "CREATE FUNCTION pg_temp.%s(int) RETURNS %s LANGUAGE sql STABLE AS %s",
                    SQL.identifier(f"crm_smb_fill_{field.name}"),
                    SQL(field.column_type[1]),
                    SQL("SELECT %s FROM crm_smb_fill WHERE id = $1", SQL.identifier(field.name)).code,
                )
            )
        cr.execute(
            SQL(
                "ALTER TABLE %s %s",
                table,
                SQL(", ").join(
                    SQL(
                        "ALTER COLUMN %s TYPE %s USING pg_temp.%s(id)",
                        SQL.identifier(field.name),
                        SQL(field.column_type[1]),
                        SQL.identifier(f"crm_smb_fill_{field.name}"),
                    )
                    for field in fields_
                ),
            )
        )
        for field in fields_:
            cr.execute(SQL("DROP FUNCTION pg_temp.%s(int)", SQL.identifier(f"crm_smb_fill_{field.name}")))
    cr.execute("DROP TABLE crm_smb_fill")


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
