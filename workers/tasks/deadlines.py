"""The frequent sweep of due deadlines and the hourly planning, fanned out per tenant.

Both start in the public schema (beat) and send one task per active tenant, so one
tenant's failure never stops the others, and each tenant's work runs in its own schema.
"""

from __future__ import annotations

import structlog

from workers.app import app

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


@app.task(name="deadlines.sweep_all", tenant_scoped=False, ignore_result=True)
def sweep_all_tenants_task() -> int:
    return fan_out(sweep_tenant_deadlines_task)


@app.task(name="deadlines.sweep", ignore_result=True, acks_late=True)
def sweep_tenant_deadlines_task() -> dict:
    from jifen.deadlines.services import deadlines_sweep

    report = deadlines_sweep()
    return report.__dict__


@app.task(name="deadlines.plan_all", tenant_scoped=False, ignore_result=True)
def plan_all_tenants_task() -> int:
    return fan_out(plan_tenant_deadlines_task)


@app.task(name="deadlines.plan", ignore_result=True, acks_late=True)
def plan_tenant_deadlines_task() -> int:
    from jifen.procedure.jobs import deadlines_plan

    return deadlines_plan()


@app.task(name="dashboards.refresh_all", tenant_scoped=False, ignore_result=True)
def refresh_all_dashboards_task() -> int:
    return fan_out(refresh_dashboards_task)


@app.task(name="dashboards.refresh", ignore_result=True, acks_late=True)
def refresh_dashboards_task() -> int:
    from jifen.dashboards.services import dashboards_refresh

    return dashboards_refresh()
