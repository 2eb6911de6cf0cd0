"""The frequent sweep of due deadlines and the hourly planning, fanned out per tenant.

Both start in the public schema (beat) and send one task per active tenant, so one
tenant's failure never stops the others, and each tenant's work runs in its own schema.
The tasks read the clock once and hand it down; the handlers never read it themselves.
"""

from __future__ import annotations

from django.utils import timezone

from workers.app import app
from workers.fanout import fan_out


@app.task(name="deadlines.sweep_all", tenant_scoped=False, ignore_result=True)
def sweep_all_tenants_task() -> int:
    return fan_out(sweep_tenant_deadlines_task)


@app.task(name="deadlines.sweep", ignore_result=True, acks_late=True)
def sweep_tenant_deadlines_task() -> dict:
    from jifen.deadlines.services import deadlines_sweep

    report = deadlines_sweep(now=timezone.now())
    return report.__dict__


@app.task(name="deadlines.plan_all", tenant_scoped=False, ignore_result=True)
def plan_all_tenants_task() -> int:
    return fan_out(plan_tenant_deadlines_task)


@app.task(name="deadlines.plan", ignore_result=True, acks_late=True)
def plan_tenant_deadlines_task() -> int:
    from jifen.procedure.jobs import deadlines_plan

    return deadlines_plan(today=timezone.localdate())
