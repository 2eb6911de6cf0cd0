"""Periodic jobs start in the public schema and fan out one task per active tenant."""

from __future__ import annotations

import structlog

log = structlog.get_logger(__name__)


def fan_out(task, **kwargs) -> int:
    """Send `task` once per active tenant, each in that tenant's schema."""
    from tenants.models import Status, Tenant

    sent = 0
    for schema in (
        Tenant.objects.filter(status=Status.ACTIVE)
        .exclude(schema_name="public")
        .values_list("schema_name", flat=True)
    ):
        try:
            task.apply_async(kwargs=kwargs, headers={"_schema_name": schema})
            sent += 1
        except Exception as exc:  # a broker hiccup for one tenant must not skip the rest
            log.error("fan_out.failed", task=task.name, tenant=schema, error=str(exc))
    return sent
