"""Append-only tables, enforced by PostgreSQL itself (for migrations to use).

A trigger refuses UPDATE, DELETE and TRUNCATE, so neither a bug nor a hand-written query
through the application's connection can rewrite history; a correction is a new row.
"""

from __future__ import annotations

from django.db import migrations


def append_only(table: str, remedy: str) -> migrations.RunSQL:
    """The migration operation that makes `table` append-only; `remedy` ends the error."""
    function = f"{table}_append_only"
    forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} is append-only: % refused; {remedy}', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER {table}_no_update_delete
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();

CREATE TRIGGER {table}_no_truncate
    BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""
    backward = f"""
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table};
DROP FUNCTION IF EXISTS {function}();
"""
    return migrations.RunSQL(forward, backward)
