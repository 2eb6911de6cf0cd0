"""Which schemas are behind the code's migrations (for rollouts and `jifen migrate --check`)."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import get_tenant_model, schema_context


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
