"""Which schemas are behind the code's migrations (for rollouts and `jifen migrate --check`)."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import get_tenant_model, schema_context
from psycopg import sql


def _unapplied() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, backwards in plan if not backwards]


def tenants_behind() -> dict[str, list[str]]:
    """Map schema name → unapplied migrations, for public and every tenant that lags."""
    behind: dict[str, list[str]] = {}
    for tenant in get_tenant_model().objects.order_by("schema_name"):
        with schema_context(tenant.schema_name):
            pending = _unapplied()
        if pending:
            behind[tenant.schema_name] = pending
    if "public" not in {t for t in behind}:
        with schema_context("public"):
            pending = _unapplied()
        if pending:
            behind["public"] = pending
    return behind


def schemas_behind(schemas: list[str]) -> list[str]:
    """Those of `schemas` whose `django_migrations` lack one of the code's migrations.

    The code's migration graph is loaded once and each schema costs one small query on its
    own `django_migrations` table, where `migrate_schemas` would list every relation of the
    database per schema (slower the more schemas there are). A squashed migration counts as
    applied when every migration it replaces is.
    """
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    needed = [(key, tuple(getattr(graph.nodes[key], "replaces", ()) or ())) for key in graph.nodes]
    behind = []
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(
                sql.SQL("SELECT app, name FROM {}.django_migrations").format(sql.Identifier(schema))
            )
            applied = set(cursor.fetchall())
            if any(
                key not in applied and not (replaces and set(replaces) <= applied)
                for key, replaces in needed
            ):
                behind.append(schema)
    return behind
