"""The least-privilege database role the application runs as.

Migrations run as the owner of the tables (`DATABASE_URL` of the migration job, or the
embedded server's superuser); the web, worker and beat processes connect as another role
(`JIFEN_DATABASE_APP_ROLE`) that `app_role_grant` gives only what they need: reading and
writing the ordinary tables, INSERT and SELECT only on the append-only ones. Not owning the
tables, it cannot ALTER them (so not DISABLE TRIGGER), TRUNCATE them, or drop them; having
no UPDATE or DELETE on the ledger, it cannot rewrite history even by a query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from psycopg import sql

# Tables whose rows are written once (their triggers refuse UPDATE, DELETE, TRUNCATE).
APPEND_ONLY = ("ledger_entry", "ledger_event", "audit_auditrecord")


def _schemas() -> list[str]:
    from django_tenants.utils import get_tenant_model

    return ["public", *get_tenant_model().objects.exclude(schema_name="public").values_list(
        "schema_name", flat=True
    )]  # fmt: skip


def app_role_grant(*, role: str, schemas: Iterable[str] | None = None) -> list[str]:
    """Give `role` (created NOLOGIN when missing; a LOGIN and password are the operator's)
    the application's privileges in every schema, and the same on tables the owner creates
    later. Idempotent; run as the tables' owner after migrating. Returns the schemas."""
    done = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        who = sql.Identifier(role)
        for schema in schemas if schemas is not None else _schemas():
            s = sql.Identifier(schema)
            statements = [
                "GRANT USAGE ON SCHEMA {s} TO {who}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {who}",
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {who}",
                "REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {s} FROM {who}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {s} "
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {s} "
                "GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {who}",
            ]
            for statement in statements:
                cursor.execute(sql.SQL(statement).format(s=s, who=who))
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = %s AND table_name = ANY(%s)",
                [schema, list(APPEND_ONLY)],
            )
            for (table,) in cursor.fetchall():
                cursor.execute(
                    sql.SQL("REVOKE UPDATE, DELETE ON {}.{} FROM {}").format(
                        s, sql.Identifier(table), who
                    )
                )
            done.append(schema)
    return done
